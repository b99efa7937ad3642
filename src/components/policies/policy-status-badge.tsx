/** A policy's status as text and colour: On or Off. */
export function PolicyStatusBadge({ enabled }: { enabled: boolean }) {
  return (
    <span
      data-testid="policy-status"
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-semibold ${
        enabled ? "border-[#9fd89f] bg-success-subtle text-success" : "border-line-strong bg-canvas text-ink-2"
      }`}
    >
      <span aria-hidden="true" className={`size-1.5 rounded-full ${enabled ? "bg-success" : "bg-ink-3"}`} />
      {enabled ? "On" : "Off"}
    </span>
  );
}
