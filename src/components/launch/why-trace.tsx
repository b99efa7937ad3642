import type { TraceLine, TraceWords } from "@/server/domain/launches/trace";

/** How a step's mark reads: the sign people see, and the words a screen reader says. */
function markOf(line: TraceLine): { sign: string; said: string; tone: string } {
  switch (line.mark) {
    case "passed":
      return { sign: "✓", said: "passed", tone: "text-success" };
    case "allowed":
      return { sign: "✓", said: "allowed", tone: "text-success" };
    case "failed":
      return { sign: "✗", said: "not met", tone: "text-ink-3" };
    case "refused":
      return { sign: "✗", said: "refused", tone: "text-danger" };
  }
}

/**
 * The launch rule's decision in steps, as the rule traced it: each step with its mark, the step that
 * decided in bold, then the conclusion. `compact` lays the steps on one wrapping line (launch rows).
 */
export function WhyTrace({ words, compact = false, label }: { words: TraceWords; compact?: boolean; label: string }) {
  const refused = words.decision === "DENY";
  return (
    <div data-testid="why-trace" data-decision={words.decision}>
      <ol aria-label={label} className={compact ? "flex flex-wrap items-baseline gap-x-1 gap-y-0.5 text-xs" : "space-y-1"}>
        {words.lines.map((line, i) => {
          const mark = markOf(line);
          return (
            <li
              key={i}
              className={`flex items-baseline gap-1.5 ${line.decisive ? "font-semibold" : ""}`}
              data-testid="why-step"
              data-mark={line.mark}
              data-decisive={line.decisive || undefined}
            >
              {compact && i > 0 && (
                <span aria-hidden="true" className="text-ink-3">
                  ·
                </span>
              )}
              <span>{line.text}</span>
              <span aria-hidden="true" className={`font-bold ${mark.tone}`}>
                {mark.sign}
              </span>
              <span className="sr-only">({mark.said})</span>
            </li>
          );
        })}
      </ol>
      <p className={`${compact ? "mt-0.5 text-xs" : "mt-2"} font-semibold ${refused ? "text-danger" : "text-success"}`} data-testid="why-conclusion">
        <span aria-hidden="true">→ </span>
        <span className="sr-only">Outcome: </span>
        {words.conclusion}
      </p>
    </div>
  );
}
