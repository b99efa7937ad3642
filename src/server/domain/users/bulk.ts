/**
 * The Users page's bulk actions: assign one product to the selected people (with its service plans
 * kept on), or unassign it from them. The console sends a selection USERS_BULK_CHUNK people at a
 * time (src/components/reports/run-in-chunks.ts), and each chunk is one transaction (ADR 8): a chunk
 * the pool cannot serve is refused whole, and the chunks before it stand. The answer has the
 * report's bulk shape, so one progress and summary serve both.
 */
import { isUuid } from "./lookup";
import { lockUsers } from "./locks";
import type { DomainContext } from "../context";
import { ValidationError } from "../errors";
import { assignLicensesTx } from "../licenses/assign";
import { unassignProduct } from "../licenses/products";
import type { BulkOutcome, SkipReason } from "../reports/bulk";

export const USERS_BULK_CHUNK = 100;
const TRANSACTION = { maxWait: 10_000, timeout: 60_000 };

function checkChunk(userIds: readonly string[]): string[] {
  const ids = [...new Set(userIds.map((id) => id.toLowerCase()))];
  if (ids.length === 0) throw new ValidationError("Select at least one person.", { field: "userIds" });
  if (ids.length > USERS_BULK_CHUNK) throw new ValidationError(`At most ${USERS_BULK_CHUNK} people at a time.`, { field: "userIds" });
  if (!ids.every(isUuid)) throw new ValidationError("That user does not exist in this organization.", { field: "userIds" });
  return ids;
}

/** Reasons with their counts and up to 10 examples each. */
function tally(skips: { reason: string; upn: string | null }[]): SkipReason[] {
  const by = new Map<string, SkipReason>();
  for (const s of skips) {
    const entry = by.get(s.reason) ?? { reason: s.reason, count: 0, examples: [] };
    entry.count += 1;
    if (s.upn && entry.examples.length < 10) entry.examples.push(s.upn);
    by.set(s.reason, entry);
  }
  return [...by.values()];
}

/**
 * Assign `productId` directly to each selected person who does not hold it directly yet (the one
 * direct assignment, audited per person), with `disabledPlanIds` switched off. People already
 * holding it directly are skipped, said why; no unit left for the chunk: NoLicensesAvailableError,
 * and nothing of the chunk is written.
 */
export async function assignProductToUsers(
  ctx: DomainContext,
  { productId, userIds, disabledPlanIds = [] }: { productId: string; userIds: readonly string[]; disabledPlanIds?: string[] },
): Promise<BulkOutcome> {
  const ids = checkChunk(userIds);
  const { db, tenantId } = ctx;
  return db.$transaction(async (tx) => {
    // Everyone's row first, in id order (one statement), as every change of several people does.
    const users = await lockUsers(tx, ids, { tenantId });
    const skips: { reason: string; upn: string | null }[] = ids
      .filter((id) => !users.some((u) => u.id === id))
      .map(() => ({ reason: "no longer in the organization", upn: null }));
    const holding = await tx.licenseAssignment.findMany({
      where: { tenantId, productId: productId.toLowerCase(), userId: { in: users.map((u) => u.id) }, source: { in: ["DIRECT", "AUTO_CLAIM"] } },
      select: { userId: true },
    });
    let done = 0;
    for (const user of users) {
      if (holding.some((h) => h.userId === user.id)) {
        skips.push({ reason: "already holds it directly", upn: user.userPrincipalName });
        continue;
      }
      const result = await assignLicensesTx(tx, ctx, { userId: user.id, add: [{ productId, disabledPlanIds }] });
      if (result.added.length > 0) done += 1;
    }
    return { processed: ids.length, done, alreadyMembers: 0, skipped: tally(skips), next: null };
  }, TRANSACTION);
}

/** Unassign `productId` from each selected person (the product page's Unassign: direct and auto-claimed; a group's is left to the group). */
export async function unassignProductFromUsers(
  ctx: DomainContext,
  { productId, userIds }: { productId: string; userIds: readonly string[] },
): Promise<BulkOutcome> {
  const ids = checkChunk(userIds);
  const result = await unassignProduct(ctx, { productId, userIds: ids });
  return {
    processed: ids.length,
    done: result.done,
    alreadyMembers: 0,
    skipped: tally(result.skipped.map((s) => ({ reason: s.reason, upn: s.userPrincipalName }))),
    next: null,
  };
}
