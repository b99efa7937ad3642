import type { BulkTotals } from "./run-in-chunks";

const number = new Intl.NumberFormat("en-US");

/** How many people a bulk run skipped, over every reason. */
export function skippedTotal(skipped: BulkTotals["skipped"]): number {
  let n = 0;
  for (const s of skipped.values()) n += s.count;
  return n;
}

/**
 * A bulk run's progress (the report's Move and Unassign, the Users page's Assign and Unassign):
 * the bar, "Working… n of N" then the summary, and the people skipped by reason with examples.
 */
export function BulkProgress({
  processed,
  total,
  finished,
  summary,
  skipped,
  testId,
}: {
  processed: number;
  total: number;
  finished: boolean;
  /** What was done, once finished. */
  summary: string;
  skipped: BulkTotals["skipped"];
  testId: string;
}) {
  return (
    <>
      <progress className="h-2 w-full" max={Math.max(1, total)} value={Math.min(processed, total)} aria-label="Progress" />
      <p role="status" aria-live="polite" data-testid={testId}>
        {finished ? summary : `Working… ${number.format(processed)} of ${number.format(total)}`}
      </p>
      {skipped.size > 0 && (
        <ul className="list-disc space-y-1 pl-5 text-ink-2">
          {[...skipped.entries()].map(([reason, s]) => (
            <li key={reason}>
              {number.format(s.count)} skipped: {reason}
              {s.examples.length > 0 ? ` (${s.examples.join(", ")}${s.count > s.examples.length ? ", …" : ""})` : ""}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
