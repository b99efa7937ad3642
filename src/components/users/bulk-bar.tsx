"use client";

import { useEffect, useId, useState } from "react";
import { useRouter } from "next/navigation";
import { BulkProgress, skippedTotal } from "@/components/reports/bulk-progress";
import { emptyTotals, runInChunks, type BulkTotals } from "@/components/reports/run-in-chunks";
import { buttonClass, FormAlert } from "@/components/ui/form";
import type { ClientAction } from "@/components/ui/use-admin-action";
import { plural } from "@/lib/plural";
import type { BulkOutcome } from "@/server/domain/reports/bulk";

export type UsersBulkAction = ClientAction<{ productId: string; userIds: string[] }, BulkOutcome>;

/** The name of the row checkboxes (rendered by the page, tied to this form by its id). */
export const BULK_FIELD = "bulk-user";
export const BULK_FORM = "users-bulk";

const number = new Intl.NumberFormat("en-US");

interface Run {
  kind: "assign" | "unassign";
  product: string;
  total: number;
  totals: BulkTotals;
  finished: boolean;
  error: string | null;
}

/**
 * The Users page's bulk actions: for the people ticked in the table, Assign or Unassign one product,
 * sent in chunks (one transaction each, like the report's bulk actions), with progress and a summary
 * of what was done and who was skipped, and why.
 */
export function UsersBulkBar({
  assign,
  unassign,
  products,
  chunk,
  disabled,
}: {
  assign: UsersBulkAction;
  unassign: UsersBulkAction;
  products: { id: string; displayName: string; available: number }[];
  chunk: number;
  disabled: boolean;
}) {
  const id = useId();
  const router = useRouter();
  const [selected, setSelected] = useState<string[]>([]);
  const [productId, setProductId] = useState(products[0]?.id ?? "");
  const [run, setRun] = useState<Run | null>(null);
  const busy = run !== null && !run.finished;

  // The row checkboxes live in the table the page renders; they belong to this form (form="users-bulk").
  useEffect(() => {
    const read = () =>
      setSelected([...document.querySelectorAll<HTMLInputElement>(`input[name="${BULK_FIELD}"][form="${BULK_FORM}"]:checked`)].map((box) => box.value));
    read();
    document.addEventListener("change", read);
    return () => document.removeEventListener("change", read);
  }, []);

  async function start(kind: Run["kind"]) {
    const product = products.find((p) => p.id === productId);
    if (!product || selected.length === 0) return;
    const ids = [...selected];
    setRun({ kind, product: product.displayName, total: ids.length, totals: emptyTotals(), finished: false, error: null });
    const act = kind === "assign" ? assign : unassign;
    const { totals, failure } = await runInChunks(
      { kind: "ids", ids, size: chunk },
      (part) => act({ productId: product.id, userIds: part.kind === "ids" ? part.ids : [] }),
      (progress) => setRun((r) => (r ? { ...r, totals: progress } : r)),
    );
    setRun((r) => (r ? { ...r, totals, finished: true, error: failure?.error ?? null } : r));
    router.refresh();
  }

  return (
    <form
      id={BULK_FORM}
      aria-label="Selected people"
      className="flex flex-wrap items-end gap-3 border-b border-line px-5 py-3"
      onSubmit={(e) => e.preventDefault()}
      data-testid="users-bulk"
    >
      <p className="text-ink-2" role="status" data-testid="users-selected">
        {selected.length === 0 ? "Select people to assign or unassign a license for all of them." : `${plural(selected.length, "person", "people")} selected`}
      </p>
      <div>
        <label htmlFor={`${id}-product`} className="block text-xs font-semibold text-ink-2">
          License
        </label>
        <select
          id={`${id}-product`}
          value={productId}
          disabled={disabled || busy}
          onChange={(e) => setProductId(e.target.value)}
          className="mt-1 max-w-full rounded border border-line-strong bg-white px-2 py-1"
        >
          {products.map((p) => (
            <option key={p.id} value={p.id}>
              {p.displayName} — {p.available} available
            </option>
          ))}
        </select>
      </div>
      <button type="button" className={buttonClass("primary")} disabled={disabled || busy || selected.length === 0} onClick={() => start("assign")}>
        Assign to selected
      </button>
      <button type="button" className={buttonClass("secondary")} disabled={disabled || busy || selected.length === 0} onClick={() => start("unassign")}>
        Unassign from selected
      </button>
      {run && (
        <div className="basis-full space-y-2">
          <BulkProgress
            processed={run.totals.processed}
            total={run.total}
            finished={run.finished}
            skipped={run.totals.skipped}
            testId="users-bulk-summary"
            summary={`${run.kind === "assign" ? `Assigned ${run.product} to` : `Unassigned ${run.product} from`} ${plural(run.totals.done, "person", "people")}. ${number.format(skippedTotal(run.totals.skipped))} skipped.`}
          />
          {run.error && <FormAlert message={`Stopped: ${run.error} ${run.totals.done > 0 ? "The changes made before it stand." : "Nothing was changed."}`} />}
        </div>
      )}
    </form>
  );
}
