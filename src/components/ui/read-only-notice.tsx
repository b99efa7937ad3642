import { ROLE_LABELS, type Role } from "@/lib/roles";

/** Shown on pages where the signed-in person may look but not change: who they are, and who can. */
export function ReadOnlyNotice({ role, changers }: { role: Role; changers: readonly Role[] }) {
  const who = changers.map((r) => ROLE_LABELS[r]).join(" or ");
  return (
    <p className="mb-4 max-w-3xl rounded border border-line bg-brand-subtle px-3 py-2 text-ink-2" data-testid="read-only-notice">
      <span className="font-semibold">Read-only.</span> You&apos;re signed in as a {ROLE_LABELS[role]}: you can see everything here, but only a {who} can make
      changes.
    </p>
  );
}
