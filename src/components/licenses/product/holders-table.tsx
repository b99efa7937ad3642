"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { buttonClass, checkboxClass, FormAlert } from "@/components/ui/form";
import { DataTable } from "@/components/ui/table";
import type { ActionResult } from "@/server/action";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { plural, skippedSentence } from "./bulk-text";
import { HolderState, SourceChips, type HolderSourceView } from "./source-chips";

export interface HolderRowView {
  id: string;
  displayName: string;
  userPrincipalName: string;
  sources: HolderSourceView[];
  inError: boolean;
  waitingSince: string | null;
}

type People = { productId: string; userIds: string[] };
type Impact = { people: number; unitsFreed: number; groupOnly: number };
type Outcome = { done: number; unitsFreed: number; skipped: { userPrincipalName: string | null; reason: string }[] };

/** The holders of a product, one row per person, with checkbox selection and bulk Unassign (Global admins). */
export function HoldersTable({
  productId,
  productName,
  rows,
  canChange,
  impact,
  unassign,
  empty,
}: {
  productId: string;
  productName: string;
  rows: HolderRowView[];
  canChange: boolean;
  impact: (input: People) => Promise<ActionResult<Impact>>;
  unassign: (input: People) => Promise<ActionResult<Outcome>>;
  empty: string;
}) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<Impact | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const ids = rows.map((r) => r.id);
  const chosen = ids.filter((id) => selected.has(id));
  const allChosen = ids.length > 0 && chosen.length === ids.length;

  function toggle(id: string) {
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  function ask() {
    setError(null);
    startTransition(async () => {
      const result = await impact({ productId, userIds: chosen });
      if (result.ok) setDialog(result.data);
      else setError(result.error);
    });
  }

  function confirm() {
    startTransition(async () => {
      const result = await unassign({ productId, userIds: chosen });
      setDialog(null);
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setSelected(new Set());
      const { done, unitsFreed, skipped } = result.data;
      toast.success(
        `Unassigned ${productName} from ${plural(done, "person", "people")}; ${plural(unitsFreed, "unit")} freed. ${skippedSentence(skipped)}`.trim(),
      );
    });
  }

  return (
    <div>
      {canChange && (
        <div role="toolbar" aria-label="Bulk actions" className="flex flex-wrap items-center gap-2 border-b border-line px-4 py-3">
          <button type="button" onClick={ask} disabled={pending || chosen.length === 0} className={buttonClass("secondary")}>
            Unassign
          </button>
          <span className="text-ink-3" data-testid="selected-count">
            {chosen.length === 0 ? "Select people to unassign." : `${plural(chosen.length, "person", "people")} selected`}
          </span>
        </div>
      )}
      {error && (
        <div className="px-4 pt-3">
          <FormAlert message={error} />
        </div>
      )}
      <DataTable
        caption={`Holders of ${productName}`}
        testId="holders"
        className="min-w-[760px]"
        columns={[
          ...(canChange
            ? [
                {
                  label: (
                    <input
                      type="checkbox"
                      aria-label="Select every person on this page"
                      className={checkboxClass}
                      checked={allChosen}
                      onChange={() => setSelected(allChosen ? new Set() : new Set(ids))}
                    />
                  ),
                  className: "w-10 px-4 py-2",
                },
              ]
            : []),
          "Name",
          "User principal name",
          "Sources",
          "State",
        ]}
        empty={rows.length === 0 ? empty : undefined}
      >
        {rows.map((r) => (
          <tr key={r.id} className="border-b border-line last:border-0" data-testid="holder">
            {canChange && (
              <td className="px-4 py-3">
                <input
                  type="checkbox"
                  aria-label={`Select ${r.displayName}`}
                  className={checkboxClass}
                  checked={selected.has(r.id)}
                  onChange={() => toggle(r.id)}
                />
              </td>
            )}
            <th scope="row" className="px-5 py-3 font-semibold">
              <Link href={`/users?user=${r.id}`} className="text-brand hover:underline">
                {r.displayName}
              </Link>
            </th>
            <td className="px-3 py-3 text-ink-2">{r.userPrincipalName}</td>
            <td className="px-3 py-3">
              <SourceChips sources={r.sources} />
            </td>
            <td className="px-5 py-3" data-testid="holder-state">
              <HolderState inError={r.inError} waitingSince={r.waitingSince} />
            </td>
          </tr>
        ))}
      </DataTable>
      <ConfirmDialog
        open={dialog !== null}
        title={`Unassign ${productName}`}
        confirmLabel="Unassign"
        pending={pending}
        onConfirm={confirm}
        onCancel={() => setDialog(null)}
      >
        {dialog && (
          <>
            <p data-testid="unassign-impact">
              {dialog.people === 0
                ? "None of the selected people holds it directly or by auto-claim: nothing will be unassigned."
                : `${plural(dialog.people, "person", "people")} will lose their direct or auto-claimed ${productName}. This frees ${plural(dialog.unitsFreed, "unit")}.`}
            </p>
            {dialog.unitsFreed < dialog.people && <p>Someone who also holds it through a group keeps it and frees no unit.</p>}
            {dialog.groupOnly > 0 && (
              <p>{plural(dialog.groupOnly, "person holds", "people hold")} it only through a group and will be skipped: remove them from the group instead.</p>
            )}
          </>
        )}
      </ConfirmDialog>
    </div>
  );
}
