import { WhyTrace } from "@/components/launch/why-trace";
import type { LaunchHistoryRow } from "@/server/domain/launches/why";

const when = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ");

/** A person's recorded launches, newest first, each with the rule's steps as it decided then. */
export function LaunchHistory({ rows, personName }: { rows: LaunchHistoryRow[]; personName: string }) {
  if (rows.length === 0) return <p className="px-5 py-6 text-ink-3">No launches recorded.</p>;
  return (
    <ol className="divide-y divide-line" aria-label={`Launches of ${personName}, newest first`} data-testid="launch-history">
      {rows.map((row) => (
        <li key={row.id} className="px-5 py-3" data-testid="launch-row">
          <LaunchEntry row={row} />
        </li>
      ))}
    </ol>
  );
}

/** One recorded launch: when, which app where, the decision, and the steps it was decided by. */
export function LaunchEntry({ row }: { row: LaunchHistoryRow }) {
  return (
    <>
      <p className="flex flex-wrap items-baseline gap-x-2">
        <time dateTime={row.createdAt.toISOString()} className="tabular-nums text-ink-3">
          {when(row.createdAt)} UTC
        </time>
        <span className="font-semibold">{row.appName}</span>
        <span className="text-ink-3">in {row.environmentName}</span>
        <span
          className={`rounded px-1.5 py-0.5 text-xs font-semibold ${row.decision === "ALLOW" ? "bg-success-subtle text-success" : "bg-danger-subtle text-danger"}`}
        >
          {row.decision === "ALLOW" ? "Allowed" : "Refused"}
        </span>
      </p>
      <div className="mt-1">
        {row.words ? (
          <WhyTrace words={row.words} compact label={`Why: ${row.appName}, ${when(row.createdAt)}`} />
        ) : (
          <p className="text-xs text-ink-3">Recorded before decisions kept their steps.</p>
        )}
      </div>
    </>
  );
}
