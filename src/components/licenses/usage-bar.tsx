import type { AlertLevel } from "@/server/domain/licenses/units";

/** Consumed share of a licence pool, as an accessible progress bar. */
export function UsageBar({
  label,
  consumed,
  purchased,
  percent,
  alert,
}: {
  label: string;
  consumed: number;
  purchased: number;
  percent: number;
  /** The highest open alert of the pool: amber from a warning, red from critical. */
  alert: AlertLevel | null;
}) {
  const colour = alert === "EMPTY" || alert === "CRITICAL" ? "bg-danger" : alert === "WARNING" ? "bg-[#da3b01]" : "bg-brand";
  return (
    <div
      role="progressbar"
      aria-label={`${label}: licenses consumed`}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={`${consumed} of ${purchased} consumed (${percent}%)`}
      className="h-2 w-full min-w-24 overflow-hidden rounded-full bg-line"
    >
      <div className={`h-full rounded-full ${colour}`} style={{ width: `${percent}%` }} />
    </div>
  );
}
