import Link from "next/link";

/** A holder's source as the page shows it (dates as ISO text, so that it crosses to the browser). */
export type HolderSourceView =
  | { kind: "DIRECT"; assignedBy: string | null }
  | { kind: "AUTO_CLAIM"; policy: { id: string; name: string; deleted: boolean } | null; appName: string | null }
  | { kind: "GROUP"; group: { id: string; displayName: string }; inError: boolean; waitingSince: string | null };

const chip = "inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs";

/** The link to a group on the Groups page. */
export const groupHref = (groupId: string) => `/groups?${new URLSearchParams({ group: groupId })}`;

/** One chip per source: Direct (by whom), Auto-claim (the policy, linked, and the launch's app), Group (linked). */
export function SourceChips({ sources }: { sources: HolderSourceView[] }) {
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Sources">
      {sources.map((s, i) => (
        <li key={i} className={`${chip} ${s.kind === "GROUP" && s.inError ? "border-danger text-danger" : "border-line-strong"}`} data-testid="source">
          {s.kind === "DIRECT" && <span>Direct{s.assignedBy ? ` — by ${s.assignedBy}` : ""}</span>}
          {s.kind === "AUTO_CLAIM" && (
            <span>
              Auto-claim —{" "}
              {s.policy && !s.policy.deleted ? (
                <Link href={`/billing/licenses/auto-claim/${s.policy.id}`} className="text-brand hover:underline">
                  {s.policy.name}
                </Link>
              ) : (
                `${s.policy?.name ?? "a policy"}${s.policy?.deleted ? " (deleted)" : ""}`
              )}
              {s.appName ? ` · ${s.appName}` : ""}
            </span>
          )}
          {s.kind === "GROUP" && (
            <span>
              Group —{" "}
              {s.group.id ? (
                <Link href={groupHref(s.group.id)} className="text-brand hover:underline">
                  {s.group.displayName}
                </Link>
              ) : (
                s.group.displayName
              )}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Active, or the group licence error with since when it waits. */
export function HolderState({ inError, waitingSince }: { inError: boolean; waitingSince: string | null }) {
  if (!inError) return <span className="text-success">Active</span>;
  return (
    <span className="text-danger">
      License error: no unit left
      {waitingSince && <span className="block text-xs text-ink-3">Waiting since {waitingSince.slice(0, 16).replace("T", " ")} UTC</span>}
    </span>
  );
}
