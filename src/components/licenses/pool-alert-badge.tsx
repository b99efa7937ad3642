import type { PoolAlert } from "@/server/domain/licenses/units";

export const POOL_ALERT_LABELS: Record<Exclude<PoolAlert, null>, string> = {
  LOW: "Pool low",
  EMPTY: "No licenses left",
};

export function PoolAlertBadge({ alert }: { alert: PoolAlert }) {
  if (!alert) return null;
  return (
    <span
      data-testid="alert"
      data-alert={alert}
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-semibold ${
        alert === "EMPTY" ? "border-[#eeacb2] bg-danger-subtle text-danger" : "border-[#fdcfb4] bg-warning-subtle text-warning"
      }`}
    >
      <span aria-hidden="true">{alert === "EMPTY" ? "⛔" : "⚠"}</span>
      {POOL_ALERT_LABELS[alert]}
    </span>
  );
}
