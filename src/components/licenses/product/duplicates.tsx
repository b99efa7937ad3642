"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { buttonClass, FormAlert } from "@/components/ui/form";
import { DataTable } from "@/components/ui/table";
import type { ActionResult } from "@/server/action";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { plural, skippedSentence } from "./bulk-text";
import { groupHref } from "./source-chips";

export interface DuplicateRowView {
  id: string;
  displayName: string;
  userPrincipalName: string;
  direct: string[];
  groups: { id: string; displayName: string }[];
}

type Outcome = { done: number; unitsFreed: number; skipped: { userPrincipalName: string | null; reason: string }[] };
type Chunk = Outcome & { next: string | null };

/**
 * Duplicates: people holding the product both directly (or by claim) and through an active group
 * licence. Remove the direct assignment per person, or for all — one chunk after another, each
 * chunk the next duplicates after the last one sent, until none is left or one is refused.
 */
export function Duplicates({
  productId,
  productName,
  total,
  rows,
  canChange,
  removeOne,
  removeChunk,
}: {
  productId: string;
  productName: string;
  total: number;
  rows: DuplicateRowView[];
  canChange: boolean;
  removeOne: (input: { productId: string; userIds: string[] }) => Promise<ActionResult<Outcome>>;
  removeChunk: (input: { productId: string; after?: string }) => Promise<ActionResult<Chunk>>;
}) {
  const [open, setOpen] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function removeFor(row: DuplicateRowView) {
    setError(null);
    startTransition(async () => {
      const result = await removeOne({ productId, userIds: [row.id] });
      if (!result.ok) setError(result.error);
      else if (result.data.done === 0) setError(`${row.userPrincipalName}: ${skippedSentence(result.data.skipped)}`);
      else toast.success(`Removed the direct ${productName} of ${row.userPrincipalName}; still licensed through the group.`);
    });
  }

  function removeAll() {
    setError(null);
    startTransition(async () => {
      let done = 0;
      const skipped: Outcome["skipped"] = [];
      let after: string | undefined;
      for (;;) {
        const result = await removeChunk({ productId, after });
        if (!result.ok) {
          setError(`${result.error} ${done > 0 ? `${plural(done, "person", "people")} were fixed before it stopped.` : ""}`.trim());
          break;
        }
        done += result.data.done;
        skipped.push(...result.data.skipped);
        setProgress(done);
        if (!result.data.next) {
          toast.success(
            `Removed the direct assignment of ${plural(done, "person", "people")}; no unit freed, everyone stays licensed through their group. ${skippedSentence(skipped)}`.trim(),
          );
          break;
        }
        after = result.data.next;
      }
      setOpen(false);
      setProgress(null);
    });
  }

  if (total === 0) return <p className="px-5 py-4 text-ink-3">Nobody holds {productName} both directly and through a group.</p>;
  return (
    <div>
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-line px-5 py-3">
        <p data-testid="duplicates-total">
          {plural(total, "person holds", "people hold")} this both directly and through a group. They use one unit each; the direct assignment is not needed.
        </p>
        {canChange && (
          <button type="button" onClick={() => setOpen(true)} disabled={pending} className={buttonClass("secondary")}>
            Remove the direct assignment for all
          </button>
        )}
      </div>
      {error && (
        <div className="px-4 pt-3">
          <FormAlert message={error} />
        </div>
      )}
      <DataTable
        caption={`People holding ${productName} both directly and through a group`}
        testId="duplicates"
        className="min-w-[640px]"
        columns={["Name", "User principal name", "Held directly as", "Through", ...(canChange ? [{ label: "Action", srOnly: true }] : [])]}
      >
        {rows.map((r) => (
          <tr key={r.id} className="border-b border-line last:border-0" data-testid="duplicate">
            <th scope="row" className="px-5 py-3 font-semibold">
              {r.displayName}
            </th>
            <td className="px-3 py-3 text-ink-2">{r.userPrincipalName}</td>
            <td className="px-3 py-3">{r.direct.map((d) => (d === "AUTO_CLAIM" ? "Auto-claim" : "Direct")).join(", ")}</td>
            <td className="px-3 py-3">
              {r.groups.map((g, i) => (
                <span key={g.id}>
                  {i > 0 && ", "}
                  <Link href={groupHref(g.id)} className="text-brand hover:underline">
                    {g.displayName}
                  </Link>
                </span>
              ))}
            </td>
            {canChange && (
              <td className="px-5 py-3 text-right">
                <button
                  type="button"
                  onClick={() => removeFor(r)}
                  disabled={pending}
                  aria-label={`Remove the direct assignment of ${r.displayName}`}
                  className={buttonClass("secondary")}
                >
                  Remove the direct assignment
                </button>
              </td>
            )}
          </tr>
        ))}
      </DataTable>
      {rows.length < total && <p className="px-5 py-3 text-ink-3">Showing the first {rows.length}; “for all” covers every one of them.</p>}
      <ConfirmDialog
        open={open}
        title="Remove the direct assignment for all"
        confirmLabel="Remove the direct assignments"
        pending={pending}
        onConfirm={removeAll}
        onCancel={() => setOpen(false)}
      >
        <p>
          Removes the direct and auto-claimed {productName} of {plural(total, "person", "people")} who also hold it through a group.
        </p>
        <p>No unit is freed: everyone stays licensed through the group, and nobody is without the license in between.</p>
        {progress !== null && <p role="status">{plural(progress, "person", "people")} done…</p>}
      </ConfirmDialog>
    </div>
  );
}
