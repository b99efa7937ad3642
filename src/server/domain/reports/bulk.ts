/**
 * The report's bulk actions (SPEC §5 › Moving people to group-based licensing): Unassign license
 * and Move to group…, over rows picked one by one or over every row matching the report's filter.
 *
 * Each call changes at most BULK_CHUNK rows in ONE transaction, all or nothing (ADR 0008); the
 * console sends bigger selections chunk after chunk and shows the progress. Inside a call:
 * - the holders' user rows are locked in id order (launches and licence changes of those people
 *   queue behind it, as in ADR 5, and two bulk calls never deadlock), then the rows are read again:
 *   a row that is gone, or no longer this policy's auto-claim, is skipped and said so;
 * - Move to group adds the people to the group first (their group licence takes no new unit: the
 *   seat is already theirs) and then deletes the auto-claimed assignment, so the consumed count of
 *   the product does not change and nobody is without the licence at any moment; people already in
 *   the group only lose the duplicate;
 * - one audit entry per person, in the same transaction.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/client";
import { recordAuditMany, type AuditInput } from "../audit/service";
import type { DomainContext } from "../context";
import { NotFoundError, ValidationError } from "../errors";
import { addMembersTx } from "../groups/membership";
import { serveProductsTx } from "../licenses/serving";
import { lockUsers } from "../users/locks";
import { cursorDate, decodeCursor, encodeCursor } from "./cursor";
import { cursorValue, getReportPolicy, readRows, type ReportPolicy, type ReportRow } from "./service";
import { BULK_CHUNK, type BulkMoveInput, type BulkSelection, type BulkUnassignInput } from "./schema";

export interface SkipReason {
  reason: string;
  count: number;
  /** Up to 10 of the people skipped, by UPN. */
  examples: string[];
}

export interface BulkOutcome {
  /** Rows the selection named in this call. */
  processed: number;
  /** Rows changed. */
  done: number;
  /** Moves of people who were already members of the group: only the duplicate licence went. */
  alreadyMembers: number;
  skipped: SkipReason[];
  /** For a "select all matching" run: the cursor the next call starts after; null when it is done. */
  next: string | null;
}

const TRANSACTION = { maxWait: 15_000, timeout: 60_000 };
const ORDER = { sort: "assignedAt", dir: "desc" } as const;
const GONE = "no longer holds a license auto-claimed by this policy";

interface Target {
  id: string;
  userId: string;
  userPrincipalName: string;
  productId: string;
  productName: string;
  assignedAt: Date;
}

class Skips {
  private readonly map = new Map<string, SkipReason>();
  add(reason: string, upn: string | null) {
    const entry = this.map.get(reason) ?? { reason, count: 0, examples: [] };
    entry.count++;
    if (upn && entry.examples.length < 10) entry.examples.push(upn);
    this.map.set(reason, entry);
  }
  list(): SkipReason[] {
    return [...this.map.values()];
  }
}

async function policyOrThrow(tx: Tx, tenantId: string, policyId: string): Promise<ReportPolicy> {
  const policy = await getReportPolicy(tx, tenantId, policyId);
  if (!policy) throw new NotFoundError("That policy does not exist.", { code: "POLICY_NOT_FOUND", field: "policyId" });
  return policy;
}

/** The rows the selection names in this call, and where a "select all" run goes on. */
async function selectRows(
  tx: Tx,
  tenantId: string,
  policyId: string,
  selection: BulkSelection,
): Promise<{ rows: Pick<ReportRow, "id">[]; processed: number; next: string | null }> {
  if (selection.kind === "ids") {
    const ids = [...new Set(selection.ids.map((id) => id.toLowerCase()))];
    return { rows: ids.map((id) => ({ id })), processed: ids.length, next: null };
  }
  const after = decodeCursor(selection.after);
  const rows = await readRows(tx, { tenantId, policyId, filter: selection.filter, asOf: selection.asOf }, ORDER, {
    after: after && cursorDate(after.value) ? after : null,
    limit: BULK_CHUNK,
  });
  const last = rows.at(-1);
  return {
    rows,
    processed: rows.length,
    next: rows.length === BULK_CHUNK && last ? encodeCursor({ value: cursorValue(ORDER.sort, last), id: last.id }) : null,
  };
}

/**
 * Locks the holders of the selected rows, then reads the rows again: those still auto-claimed by
 * the policy are the targets; the others are skipped.
 */
async function lockTargets(tx: Tx, tenantId: string, policyId: string, ids: string[], skips: Skips): Promise<Target[]> {
  if (ids.length === 0) return [];
  const holders = await tx.licenseAssignment.findMany({ where: { id: { in: ids }, tenantId }, select: { userId: true } });
  await lockUsers(
    tx,
    holders.map((h) => h.userId),
  );
  const rows = await tx.licenseAssignment.findMany({
    where: { id: { in: ids }, tenantId, source: "AUTO_CLAIM", policyId },
    select: {
      id: true,
      userId: true,
      productId: true,
      assignedAt: true,
      user: { select: { userPrincipalName: true } },
      product: { select: { displayName: true } },
    },
  });
  const found = new Set(rows.map((r) => r.id));
  for (const id of ids) if (!found.has(id)) skips.add(GONE, null);
  return rows.map((r) => ({
    id: r.id,
    userId: r.userId,
    userPrincipalName: r.user.userPrincipalName,
    productId: r.productId,
    productName: r.product.displayName,
    assignedAt: r.assignedAt,
  }));
}

/** Removes the targets' auto-claimed licences, serves the freed units to the longest-waiting group members, and audits each person, in the caller's transaction. */
async function removeTargets(tx: Tx, targets: Target[], audits: AuditInput[]): Promise<void> {
  await tx.licenseAssignment.deleteMany({ where: { id: { in: targets.map((t) => t.id) } } });
  await serveProductsTx(
    tx,
    targets.map((t) => t.productId),
  );
  await recordAuditMany(tx, audits);
}

/** Unassign license: removes the selected auto-claimed licences (their units go back to the pool). */
export async function unassignAutoClaimed(ctx: DomainContext, input: BulkUnassignInput): Promise<BulkOutcome> {
  const { db, actor, tenantId } = ctx;
  return db.$transaction(async (tx) => {
    const policy = await policyOrThrow(tx, tenantId, input.policyId);
    const skips = new Skips();
    const selected = await selectRows(tx, tenantId, policy.id, input.selection);
    const targets = await lockTargets(
      tx,
      tenantId,
      policy.id,
      selected.rows.map((r) => r.id),
      skips,
    );
    if (targets.length > 0) {
      await removeTargets(
        tx,
        targets,
        targets.map((t) => ({
          tenantId,
          actor,
          action: "license.unassigned",
          targetType: "User",
          targetId: t.userId,
          summary: `${t.userPrincipalName}: unassigned ${t.productName} (auto-claimed by "${policy.name}")`,
          before: { product: t.productName, source: "AUTO_CLAIM", policy: policy.name, assignedAt: t.assignedAt.toISOString() },
          after: null,
        })),
      );
    }
    return { processed: selected.processed, done: targets.length, alreadyMembers: 0, skipped: skips.list(), next: selected.next };
  }, TRANSACTION);
}

/**
 * Move to group…: adds the selected people to a group that carries their product and removes their
 * auto-claimed licence of it, in one transaction. Rows whose product the group does not carry are
 * skipped. A group that also carries products whose pool is full never refuses the move: those
 * licences are in error for the newcomers until units free up (SPEC §9).
 */
export async function moveToGroup(ctx: DomainContext, input: BulkMoveInput): Promise<BulkOutcome> {
  const { db, actor, tenantId } = ctx;
  return db.$transaction(async (tx) => {
    const policy = await policyOrThrow(tx, tenantId, input.policyId);
    const group = await tx.group.findFirst({
      where: { id: input.groupId.toLowerCase(), tenantId },
      select: {
        id: true,
        displayName: true,
        licenses: {
          select: { product: { select: { id: true, displayName: true } } },
        },
      },
    });
    if (!group) throw new NotFoundError("That group does not exist in this organization.", { code: "GROUP_NOT_FOUND", field: "groupId" });
    const carried = new Set(group.licenses.map((l) => l.product.id));
    if (group.licenses.length === 0) {
      throw new ValidationError(`${group.displayName} has no group licenses: choose a group that carries the product.`, {
        code: "GROUP_CARRIES_NOTHING",
        field: "groupId",
      });
    }

    const skips = new Skips();
    const selected = await selectRows(tx, tenantId, policy.id, input.selection);
    const locked = await lockTargets(
      tx,
      tenantId,
      policy.id,
      selected.rows.map((r) => r.id),
      skips,
    );
    const targets = locked.filter((t) => {
      if (carried.has(t.productId)) return true;
      skips.add(`${group.displayName} does not carry ${t.productName}`, t.userPrincipalName);
      return false;
    });
    if (targets.length === 0) return { processed: selected.processed, done: 0, alreadyMembers: 0, skipped: skips.list(), next: selected.next };

    const userIds = [...new Set(targets.map((t) => t.userId))];
    const members = await tx.groupMember.findMany({ where: { groupId: group.id, userId: { in: userIds } }, select: { userId: true } });
    const wereMembers = new Set(members.map((m) => m.userId));
    // First the group licence (the seat is already held: no unit is taken), then the duplicate goes.
    // The group's other products are in error for newcomers where no unit is left (SPEC §9).
    await addMembersTx(
      tx,
      tenantId,
      group.id,
      userIds.filter((id) => !wereMembers.has(id)),
    );
    await removeTargets(
      tx,
      targets,
      targets.map((t) => ({
        tenantId,
        actor,
        action: "license.movedToGroup",
        targetType: "User",
        targetId: t.userId,
        summary: wereMembers.has(t.userId)
          ? `${t.userPrincipalName}: already in ${group.displayName}; removed the duplicate ${t.productName} auto-claimed by "${policy.name}"`
          : `${t.userPrincipalName}: added to ${group.displayName}; ${t.productName} now through the group instead of auto-claim ("${policy.name}")`,
        before: { product: t.productName, source: "AUTO_CLAIM", policy: policy.name, memberOf: wereMembers.has(t.userId) ? group.displayName : null },
        after: { product: t.productName, source: "GROUP", group: group.displayName },
      })),
    );
    return {
      processed: selected.processed,
      done: targets.length,
      alreadyMembers: targets.filter((t) => wereMembers.has(t.userId)).length,
      skipped: skips.list(),
      next: selected.next,
    };
  }, TRANSACTION);
}

/** Groups that carry at least one of the products (the groups Move to group… offers), with what they carry. */
export async function groupsCarrying(db: PrismaClient, tenantId: string, productIds: string[]) {
  if (productIds.length === 0) return [];
  const groups = await db.group.findMany({
    where: { tenantId, licenses: { some: { productId: { in: productIds } } } },
    orderBy: { displayName: "asc" },
    select: {
      id: true,
      displayName: true,
      _count: { select: { members: true } },
      licenses: { select: { product: { select: { id: true, displayName: true, purchasedUnits: true, consumedUnits: true } } } },
    },
  });
  return groups.map((g) => ({
    id: g.id,
    displayName: g.displayName,
    members: g._count.members,
    products: g.licenses.map((l) => ({
      id: l.product.id,
      displayName: l.product.displayName,
      available: Math.max(0, l.product.purchasedUnits - l.product.consumedUnits),
    })),
  }));
}
export type GroupOption = Awaited<ReturnType<typeof groupsCarrying>>[number];
