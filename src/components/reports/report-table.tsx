"use client";

import { useEffect, useRef, useState } from "react";
import type { ActionResult } from "@/server/action";
import type { BulkOutcome, GroupOption } from "@/server/domain/reports/bulk";
import type { BulkMoveInput, BulkUnassignInput, ReportFilter } from "@/server/domain/reports/schema";
import { buttonClass } from "@/components/ui/form";
import { EmptyRow } from "@/components/ui/table";
import { BulkProgress, skippedTotal } from "./bulk-progress";
import { emptyTotals, runInChunks, type BulkTotals } from "./run-in-chunks";

export interface ReportTableRow {
  id: string;
  userId: string;
  displayName: string;
  userPrincipalName: string;
  productId: string;
  productName: string;
  assignedAt: string;
  appName: string;
  environmentName: string;
  /** The person's page, showing the launch that claimed it with the steps it was decided by. */
  whyHref: string;
}

export interface SortHeader {
  key: string;
  label: string;
  href: string;
  sort: "ascending" | "descending" | "none";
}

type BulkAction<I> = (input: I) => Promise<ActionResult<BulkOutcome>>;
/** How many of the picked rows' units an Unassign would really free (reports/unassign-impact.ts). */
export type UnassignImpactAction = (input: { policyId: string; ids: string[] }) => Promise<ActionResult<{ selected: number; unitsFreed: number }>>;

interface Props {
  policyId: string;
  rows: ReportTableRow[];
  headers: SortHeader[];
  total: number;
  filter: ReportFilter;
  /** When the page was read: "select all matching" covers the rows up to this moment. */
  asOf: string;
  canChange: boolean;
  groups: GroupOption[];
  chunk: number;
  unassign: BulkAction<BulkUnassignInput>;
  move: BulkAction<BulkMoveInput>;
  /** When given, the Unassign dialog says how many of the picked rows really free a unit. */
  unassignImpact?: UnassignImpactAction;
}

type Selection = { all: true } | { all: false; ids: Set<string> };

interface Run extends BulkTotals {
  kind: "unassign" | "move";
  total: number;
  error: string | null;
  finished: boolean;
  groupName?: string;
}

const number = new Intl.NumberFormat("en-US");
const plural = (n: number, one: string, many = `${one}s`) => `${number.format(n)} ${n === 1 ? one : many}`;

/** The report's table with row selection and the bulk actions (Unassign license, Move to group…, Export commands). */
export function ReportTable({ policyId, rows, headers, total, filter, asOf, canChange, groups, chunk, unassign, move, unassignImpact }: Props) {
  const [selection, setSelection] = useState<Selection>({ all: false, ids: new Set() });
  const [dialog, setDialog] = useState<"unassign" | "move" | "commands" | null>(null);
  const [run, setRun] = useState<Run | null>(null);
  const [groupId, setGroupId] = useState<string>(groups[0]?.id ?? "");
  const [groupError, setGroupError] = useState<string | null>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [impact, setImpact] = useState<{ selected: number; unitsFreed: number } | null>(null);

  const selectedCount = selection.all ? total : selection.ids.size;
  const pageIds = rows.map((r) => r.id);
  const allOnPage = pageIds.length > 0 && (selection.all || pageIds.every((id) => selection.ids.has(id)));
  const someOnPage = !allOnPage && !selection.all && pageIds.some((id) => selection.ids.has(id));
  const running = run !== null && !run.finished;

  useEffect(() => {
    const el = dialogRef.current;
    if (!el) return;
    if (dialog && !el.open) el.showModal();
    if (!dialog && el.open) el.close();
  }, [dialog]);

  function toggle(id: string) {
    setSelection((s) => {
      const ids = new Set(s.all ? pageIds : s.ids);
      if (ids.has(id)) ids.delete(id);
      else ids.add(id);
      return { all: false, ids };
    });
  }
  function togglePage() {
    setSelection((s) => {
      if (allOnPage) {
        const ids = new Set(s.all ? [] : s.ids);
        for (const id of pageIds) ids.delete(id);
        return { all: false, ids };
      }
      return { all: false, ids: new Set([...(s.all ? [] : s.ids), ...pageIds]) };
    });
  }
  const clear = () => setSelection({ all: false, ids: new Set() });

  function open(kind: "unassign" | "move" | "commands") {
    setRun(null);
    setGroupError(null);
    setImpact(null);
    setDialog(kind);
    if (kind === "unassign" && unassignImpact && !selection.all && selection.ids.size <= chunk) {
      void unassignImpact({ policyId, ids: [...selection.ids] }).then((result) => {
        if (result.ok) setImpact(result.data);
      });
    }
  }
  function close() {
    if (running) return;
    if (run?.finished && run.done > 0) clear();
    setRun(null);
    setDialog(null);
  }

  async function start(kind: "unassign" | "move") {
    const group = groups.find((g) => g.id === groupId);
    if (kind === "move" && !group) {
      setGroupError("Choose a group.");
      return;
    }
    const base = { kind, total: selectedCount, groupName: group?.displayName, error: null, finished: false };
    setRun({ ...base, ...emptyTotals() });
    const { totals, failure } = await runInChunks(
      selection.all ? { kind: "filter", filter, asOf: new Date(asOf) } : { kind: "ids", ids: [...selection.ids], size: chunk },
      (part) => (kind === "move" ? move({ policyId, groupId, selection: part }) : unassign({ policyId, selection: part })),
      (progress) => setRun({ ...base, ...progress }),
    );
    if (failure && totals.processed === 0 && failure.fieldErrors.groupId) {
      setGroupError(failure.fieldErrors.groupId[0]);
      setRun(null);
      return;
    }
    setRun({ ...base, ...totals, error: failure?.error ?? null, finished: true });
  }

  const selectionInputs = selection.all ? (
    <>
      <input type="hidden" name="all" value="1" />
      <input type="hidden" name="range" value={filter.range} />
      <input type="hidden" name="q" value={filter.q} />
    </>
  ) : (
    <input type="hidden" name="ids" value={[...selection.ids].join(",")} />
  );

  return (
    <div>
      <div role="toolbar" aria-label="Bulk actions" className="flex flex-wrap items-center gap-2 border-b border-line px-4 py-3">
        <button type="button" onClick={() => open("unassign")} disabled={!canChange || selectedCount === 0} className={buttonClass("secondary")}>
          Unassign license
        </button>
        <button
          type="button"
          onClick={() => open("move")}
          disabled={!canChange || selectedCount === 0 || groups.length === 0}
          className={buttonClass("secondary")}
        >
          Move to group…
        </button>
        <button type="button" onClick={() => open("commands")} disabled={selectedCount === 0} className={buttonClass("secondary")}>
          Export commands
        </button>
        <span className="ml-2 text-ink-3" role="status" data-testid="selection-status">
          {selectedCount === 0
            ? "No rows selected"
            : selection.all
              ? `All ${plural(total, "row")} matching the filter selected`
              : `${number.format(selectedCount)} selected`}
        </span>
        {allOnPage && !selection.all && total > rows.length && (
          <button type="button" className="text-brand hover:underline" onClick={() => setSelection({ all: true })}>
            Select all {number.format(total)} matching the filter
          </button>
        )}
        {selectedCount > 0 && (
          <button type="button" className="text-brand hover:underline" onClick={clear}>
            Clear selection
          </button>
        )}
        {!canChange && (
          <span className="basis-full text-xs text-ink-3">
            Reports readers can read and export. Only a Global admin can unassign licenses or move people to a group.
          </span>
        )}
      </div>

      <div className="overflow-x-auto">
        <table className="w-full min-w-[900px] text-left" data-testid="report-table">
          <caption className="sr-only">Licenses assigned by this policy: {plural(total, "row")}, sortable by each column</caption>
          <thead className="text-xs text-ink-3">
            <tr className="border-b border-line">
              <th scope="col" className="w-10 px-4 py-2">
                <input
                  type="checkbox"
                  aria-label="Select all rows on this page"
                  checked={allOnPage}
                  ref={(el) => {
                    if (el) el.indeterminate = someOnPage;
                  }}
                  onChange={togglePage}
                  disabled={rows.length === 0}
                />
              </th>
              {headers.map((h) => (
                <th key={h.key} scope="col" aria-sort={h.sort} className="px-3 py-2 font-semibold">
                  <a href={h.href} className="inline-flex items-center gap-1 hover:text-brand hover:underline">
                    {h.label}
                    <span aria-hidden="true">{h.sort === "ascending" ? "▲" : h.sort === "descending" ? "▼" : ""}</span>
                  </a>
                </th>
              ))}
              <th scope="col" className="px-3 py-2 font-semibold">
                Why
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <EmptyRow colSpan={headers.length + 2} className="px-4 py-8">
                No licenses match. Try a longer range or another search.
              </EmptyRow>
            )}
            {rows.map((r) => {
              const checked = selection.all || selection.ids.has(r.id);
              return (
                <tr key={r.id} className={`border-b border-line last:border-0 ${checked ? "bg-brand-subtle" : ""}`} data-testid="report-row">
                  <td className="px-4 py-2">
                    <input type="checkbox" aria-label={`Select ${r.displayName}`} checked={checked} onChange={() => toggle(r.id)} />
                  </td>
                  <th scope="row" className="px-3 py-2 font-semibold" data-col="user">
                    {r.displayName}
                  </th>
                  <Cell col="upn">{r.userPrincipalName}</Cell>
                  <Cell col="product">{r.productName}</Cell>
                  <Cell col="assignedAt" className="tabular-nums whitespace-nowrap">
                    <time dateTime={r.assignedAt}>{r.assignedAt.slice(0, 19).replace("T", " ")}</time>
                  </Cell>
                  <Cell col="app">{r.appName}</Cell>
                  <Cell col="environment">{r.environmentName}</Cell>
                  <Cell col="why">
                    <a href={r.whyHref} className="whitespace-nowrap text-brand hover:underline" aria-label={`Why ${r.displayName} got ${r.productName}`}>
                      Why
                    </a>
                  </Cell>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <dialog
        ref={dialogRef}
        aria-labelledby="bulk-dialog-title"
        onCancel={(e) => {
          e.preventDefault();
          close();
        }}
        className="m-auto w-full max-w-lg rounded-md border border-line p-0 shadow-xl backdrop:bg-black/30"
      >
        {dialog && (
          <div className="p-6">
            <h2 id="bulk-dialog-title" className="text-lg font-semibold">
              {dialog === "unassign" ? "Unassign license" : dialog === "move" ? "Move to group" : "Export commands"}
            </h2>
            {dialog === "commands" ? (
              <form
                method="post"
                action={`/api/exports/policies/${policyId}/commands`}
                className="mt-3 space-y-4"
                onSubmit={() => setTimeout(() => setDialog(null), 0)}
              >
                <p className="text-ink-2">
                  A Microsoft Graph PowerShell script for the {plural(selectedCount, "selected person", "selected people")}, with their real ids, to do the same
                  in your Microsoft 365 tenant. It is safe to run more than once.
                </p>
                {selectionInputs}
                <div>
                  <label htmlFor="commands-group" className="block font-semibold">
                    What the script does
                  </label>
                  <select id="commands-group" name="groupId" defaultValue={groups[0]?.id ?? ""} className={field}>
                    <option value="">Only unassign the auto-claimed license</option>
                    {groups.map((g) => (
                      <option key={g.id} value={g.id}>
                        Add to {g.displayName}, then unassign the auto-claimed license
                      </option>
                    ))}
                  </select>
                </div>
                <div className="flex justify-end gap-2">
                  <button type="button" className={buttonClass("secondary")} onClick={close}>
                    Cancel
                  </button>
                  <button type="submit" className={buttonClass("primary")}>
                    Download .ps1
                  </button>
                </div>
              </form>
            ) : run ? (
              <RunProgress run={run} onClose={close} />
            ) : (
              <div className="mt-3 space-y-4">
                {dialog === "unassign" ? (
                  <>
                    <p className="text-ink-2">
                      Remove the auto-claimed license from {plural(selectedCount, "person", "people")}? Their units go back to the pool; they can claim again
                      the next time they open a premium app.
                    </p>
                    <p className="text-ink-2" data-testid="unassign-impact" aria-live="polite">
                      {impact
                        ? `This frees ${plural(impact.unitsFreed, "unit")}${impact.selected > impact.unitsFreed ? `: ${plural(impact.selected - impact.unitsFreed, "person", "people")} also ${impact.selected - impact.unitsFreed === 1 ? "holds" : "hold"} the product another way (through a group) and free none` : ""}.`
                        : "A person who also holds the product another way (through a group) frees no unit."}
                    </p>
                  </>
                ) : (
                  <>
                    <p className="text-ink-2">
                      Add {plural(selectedCount, "person", "people")} to a group that carries their product and remove their auto-claimed license, in one step:
                      nobody is without the license, and no extra license is used.
                    </p>
                    <div>
                      <label htmlFor="move-group" className="block font-semibold">
                        Group
                      </label>
                      <select
                        id="move-group"
                        value={groupId}
                        onChange={(e) => {
                          setGroupId(e.target.value);
                          setGroupError(null);
                        }}
                        aria-invalid={groupError ? true : undefined}
                        aria-describedby={`move-group-help${groupError ? " move-group-error" : ""}`}
                        className={field}
                      >
                        {groups.map((g) => (
                          <option key={g.id} value={g.id}>
                            {g.displayName}
                          </option>
                        ))}
                      </select>
                      <p id="move-group-help" className="mt-1 text-xs text-ink-3">
                        {(() => {
                          const g = groups.find((x) => x.id === groupId);
                          return g
                            ? `${g.displayName} (${plural(g.members, "member")}) carries ${g.products.map((p) => p.displayName).join(", ")}. Members get every license the group carries.`
                            : "";
                        })()}
                      </p>
                      {groupError && (
                        <p id="move-group-error" className="mt-1 text-danger">
                          {groupError}
                        </p>
                      )}
                    </div>
                  </>
                )}
                <div className="flex justify-end gap-2">
                  <button type="button" className={buttonClass("secondary")} onClick={close}>
                    Cancel
                  </button>
                  <button type="button" className={buttonClass(dialog === "unassign" ? "danger" : "primary")} onClick={() => void start(dialog)}>
                    {dialog === "unassign" ? `Unassign ${plural(selectedCount, "license")}` : "Move"}
                  </button>
                </div>
              </div>
            )}
          </div>
        )}
      </dialog>
    </div>
  );
}

function RunProgress({ run, onClose }: { run: Run; onClose: () => void }) {
  const verb = run.kind === "move" ? "Moved" : "Unassigned";
  return (
    <div className="mt-3 space-y-3">
      <BulkProgress
        processed={run.processed}
        total={run.total}
        finished={run.finished}
        skipped={run.skipped}
        testId="bulk-summary"
        summary={`${verb} ${plural(run.done, "person", "people")}${run.kind === "move" && run.groupName ? ` to ${run.groupName}` : ""}${run.alreadyMembers > 0 ? ` (${number.format(run.alreadyMembers)} already in the group: only the duplicate license was removed)` : ""}. ${number.format(skippedTotal(run.skipped))} skipped.`}
      />
      {run.error && (
        <p role="alert" className="text-danger">
          Stopped: {run.error} {run.done > 0 ? `The ${plural(run.done, "change")} made before it stand.` : "Nothing was changed."}
        </p>
      )}
      {run.finished && (
        <div className="flex justify-end">
          <button type="button" className={buttonClass("primary")} onClick={onClose}>
            Close
          </button>
        </div>
      )}
    </div>
  );
}

const field = "mt-1 w-full rounded border border-line-strong bg-white px-3 py-1.5";

/** A cell of a report row, marked with its column. */
function Cell({ col, className = "", children }: { col: string; className?: string; children: React.ReactNode }) {
  return (
    <td className={`px-3 py-2 ${className}`.trim()} data-col={col}>
      {children}
    </td>
  );
}
