import type { PolicyStatus } from "@/server/domain/policies/schema";

const LOOK: Record<PolicyStatus, { label: string; badge: string; dot: string }> = {
  ON: { label: "On", badge: "border-[#9fd89f] bg-success-subtle text-success", dot: "bg-success" },
  REPORT_ONLY: { label: "Report only", badge: "border-[#b4d6fa] bg-brand-subtle text-brand", dot: "bg-brand" },
  OFF: { label: "Off", badge: "border-line-strong bg-canvas text-ink-2", dot: "bg-ink-3" },
};

/** A policy's status as text and colour: On, Report only or Off. */
export function PolicyStatusBadge({ status }: { status: PolicyStatus }) {
  const look = LOOK[status];
  return (
    <span
      data-testid="policy-status"
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-semibold ${look.badge}`}
    >
      <span aria-hidden="true" className={`size-1.5 rounded-full ${look.dot}`} />
      {look.label}
    </span>
  );
}

/** Under a report-only policy's status: the people it would have claimed a license for. */
export function wouldHaveClaimedText(people: number): string {
  return `Would have claimed ${people.toLocaleString("en-US")} license${people === 1 ? "" : "s"}`;
}
