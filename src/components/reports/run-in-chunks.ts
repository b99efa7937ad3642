/**
 * The report's bulk actions in chunks (ADR 0008): a selection is sent a part at a time — picked
 * rows `size` ids at a time, "every row matching the filter" one page after another by the cursor
 * each answer carries — and the outcomes are added up. The first refusal stops the run: the chunks
 * before it stand, nothing after it is sent. Pure: the sending is passed in.
 */
import type { ActionResult } from "@/server/action";
import type { BulkOutcome } from "@/server/domain/reports/bulk";
import type { BulkSelection, ReportFilter } from "@/server/domain/reports/schema";

/** What a run covers: rows picked one by one, or every row matching the filter as it stood at `asOf`. */
export type BulkTarget = { kind: "ids"; ids: readonly string[]; size: number } | { kind: "filter"; filter: ReportFilter; asOf: Date };

/** How many examples of the people skipped for one reason are kept. */
export const SKIPPED_EXAMPLES = 5;

/** The outcomes added up so far. */
export interface BulkTotals {
  processed: number;
  done: number;
  alreadyMembers: number;
  /** reason → how many were skipped for it, with up to SKIPPED_EXAMPLES of them. */
  skipped: Map<string, { count: number; examples: string[] }>;
}

export type BulkFailure = Extract<ActionResult<BulkOutcome>, { ok: false }>;

export function emptyTotals(): BulkTotals {
  return { processed: 0, done: 0, alreadyMembers: 0, skipped: new Map() };
}

function add(totals: BulkTotals, outcome: BulkOutcome): BulkTotals {
  const skipped = new Map(totals.skipped);
  for (const s of outcome.skipped) {
    const entry = skipped.get(s.reason) ?? { count: 0, examples: [] };
    skipped.set(s.reason, { count: entry.count + s.count, examples: [...entry.examples, ...s.examples].slice(0, SKIPPED_EXAMPLES) });
  }
  return {
    processed: totals.processed + outcome.processed,
    done: totals.done + outcome.done,
    alreadyMembers: totals.alreadyMembers + outcome.alreadyMembers,
    skipped,
  };
}

/**
 * Sends `target` part by part, calling `onProgress` with the totals after each part that succeeded.
 * Returns the totals of the parts that succeeded, and the refusal that stopped the run (null when every part went through).
 */
export async function runInChunks(
  target: BulkTarget,
  send: (part: BulkSelection) => Promise<ActionResult<BulkOutcome>>,
  onProgress?: (totals: BulkTotals) => void,
): Promise<{ totals: BulkTotals; failure: BulkFailure | null }> {
  if (target.kind === "ids" && !(Number.isInteger(target.size) && target.size > 0)) throw new RangeError(`A chunk holds at least one row, not ${target.size}.`);
  let totals = emptyTotals();
  let after: string | undefined;
  for (let i = 0; ; i++) {
    let part: BulkSelection;
    if (target.kind === "filter") part = { kind: "filter", filter: target.filter, asOf: target.asOf, after };
    else if (i * target.size < target.ids.length) part = { kind: "ids", ids: target.ids.slice(i * target.size, (i + 1) * target.size) };
    else break;
    const result = await send(part);
    if (!result.ok) return { totals, failure: result };
    totals = add(totals, result.data);
    onProgress?.(totals);
    if (target.kind === "filter") {
      if (!result.data.next) break;
      after = result.data.next;
    }
  }
  return { totals, failure: null };
}
