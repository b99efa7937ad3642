import { Check } from "lucide-react";
import { STEPS, type Step } from "./draft";

/** The steps down the side: done ones are buttons back to them (with a check), the current one is marked. */
export function StepRail({ step, onGo, disabled }: { step: Step; onGo: (step: Step) => void; disabled: boolean }) {
  return (
    <nav aria-label="Add a policy steps">
      <ol className="space-y-1">
        {STEPS.map((s) => {
          const done = s.step < step;
          const here = s.step === step;
          const body = (
            <>
              <span
                aria-hidden="true"
                className={`grid size-6 shrink-0 place-items-center rounded-full border text-xs font-semibold ${
                  here ? "border-brand bg-brand text-white" : done ? "border-brand text-brand" : "border-line-strong text-ink-3"
                }`}
              >
                {done ? <Check className="size-3.5" strokeWidth={3} /> : s.step}
              </span>
              <span>
                {done && <span className="sr-only">Completed: </span>}
                {s.title}
              </span>
            </>
          );
          return (
            <li key={s.step} aria-current={here ? "step" : undefined}>
              {done ? (
                <button
                  type="button"
                  onClick={() => onGo(s.step)}
                  disabled={disabled}
                  className="flex w-full items-start gap-2 rounded px-2 py-1.5 text-left text-ink-2 hover:bg-white"
                >
                  {body}
                </button>
              ) : (
                <span className={`flex items-start gap-2 px-2 py-1.5 ${here ? "font-semibold text-ink" : "text-ink-3"}`}>{body}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
