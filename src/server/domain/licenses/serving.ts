/**
 * The queue of group licences in error (SPEC §9, ADR 14). A group assignment starts in error
 * (`COUNT_VIOLATION`, waiting since now) and is served here, under the product's row lock:
 *
 * 1. members who already hold the product another way are activated at once — they take no unit;
 * 2. then the longest-waiting members, up to the units available, get theirs.
 *
 * Every change that adds group assignments or frees units calls `serveProductsTx` with the products
 * it touched, in its own transaction, so that a member is served in the same commit as the change
 * that freed the unit and never more than the units that exist (the database re-checks that).
 * Joining a group therefore never fails for lack of units, and nobody jumps the queue: while a
 * product has members waiting it has no unit left to claim.
 *
 * A policy with a cap (SPEC §8.4, ADR 19) serves its waiting list only up to the units it may still
 * hold: its people beyond that are passed over, and wait until it holds fewer or its cap is raised.
 */
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/client";
import { waitingCondition } from "../launches/waitlist";
import { notifyServedTx } from "../notifications/service";

export interface ServeResult {
  /** Assignments that became active, by product id. */
  served: Map<string, number>;
  /** Assignments still in error afterwards, by product id. */
  waiting: Map<string, number>;
  /** People served from policy waiting lists, by product id. */
  fromWaitlist: Map<string, number>;
}

/**
 * Serves the queues of the given products, in product-id order (the order every multi-product
 * writer locks product rows in). Returns what it served and what still waits. With `tenantId`
 * every statement names the tenant (ADR 33); without it only the product's lock does not, and the
 * rest name the tenant the product row has.
 */
export async function serveProductsTx(
  tx: Tx,
  productIds: Iterable<string>,
  { now = new Date(), tenantId }: { now?: Date; tenantId?: string } = {},
): Promise<ServeResult> {
  const result: ServeResult = { served: new Map(), waiting: new Map(), fromWaitlist: new Map() };
  for (const productId of [...new Set(productIds)].sort()) {
    const served = await serveProduct(tx, productId, tenantId, now);
    if (served.served > 0) result.served.set(productId, served.served);
    if (served.waiting > 0) result.waiting.set(productId, served.waiting);
    if (served.fromWaitlist > 0) result.fromWaitlist.set(productId, served.fromWaitlist);
  }
  return result;
}

async function serveProduct(
  tx: Tx,
  productId: string,
  knownTenant: string | undefined,
  now: Date,
): Promise<{ served: number; waiting: number; fromWaitlist: number }> {
  // The product's row lock: claims, direct assignments and the counting triggers take it before
  // any seat of the product, so the units read here stay true until this transaction ends.
  const [product] = await tx.$queryRaw<{ tenantId: string; available: number; waiting: number; listed: boolean }[]>`
    SELECT p."tenantId"::text AS "tenantId", p."purchasedUnits" - p."consumedUnits" AS "available",
           (SELECT count(*)::int FROM "LicenseAssignment" la WHERE la."productId" = p."id" AND la."tenantId" = p."tenantId" AND la."state" = 'ERROR') AS "waiting",
           EXISTS (SELECT 1 FROM "WaitlistEntry" w JOIN "PolicyProduct" pp ON pp."policyId" = w."policyId"
                   WHERE pp."productId" = p."id" AND w."tenantId" = p."tenantId" AND w."leftAt" IS NULL) AS "listed"
    FROM "Product" p WHERE p."id" = ${productId}::uuid ${knownTenant ? Prisma.sql`AND p."tenantId" = ${knownTenant}::uuid` : Prisma.empty}
    FOR NO KEY UPDATE OF p`;
  if (!product || (product.waiting === 0 && !product.listed)) return { served: 0, waiting: 0, fromWaitlist: 0 };
  const tenantId = product.tenantId;

  // 1. Members who hold the product already (directly, by claim, through another group) take no unit.
  const activateHolders = () => tx.$executeRaw`
    UPDATE "LicenseAssignment" la SET "state" = 'ACTIVE', "error" = NULL, "waitingSince" = NULL
    WHERE la."productId" = ${productId}::uuid AND la."tenantId" = ${tenantId}::uuid AND la."state" = 'ERROR'
      AND EXISTS (SELECT 1 FROM "LicenseSeat" s WHERE s."productId" = la."productId" AND s."userId" = la."userId")`;
  let served = product.waiting > 0 ? await activateHolders() : 0;
  let fromWaitlist = 0;

  // 2. The longest-waiting people, one unit each, from both queues merged by waiting time: group
  //    members in error (all of a person's waiting assignments of the product at once) and the
  //    waiting lists of live policies that offer the product. A row another transaction removed
  //    meanwhile, or a waiting-list user busy in another transaction (their row lock is skipped,
  //    never waited for: this transaction already holds the product's lock), is passed over, so
  //    repeat until the units or the queues run out.
  const passedOver = new Set<string>();
  let available = product.available;
  while (available > 0) {
    const candidates = await nextCandidates(tx, tenantId, productId, available + passedOver.size, now);
    const picks = candidates.filter((c) => !passedOver.has(c.key)).slice(0, available);
    if (picks.length === 0) break;
    const groupPeople = picks.filter((c) => c.kind === "group").map((c) => c.userId);
    const listed = picks.filter((c) => c.kind === "waitlist");
    if (groupPeople.length > 0) {
      served += await tx.$executeRaw`
        UPDATE "LicenseAssignment" la SET "state" = 'ACTIVE', "error" = NULL, "waitingSince" = NULL
        WHERE la."productId" = ${productId}::uuid AND la."tenantId" = ${tenantId}::uuid AND la."state" = 'ERROR' AND la."userId" = ANY(${groupPeople}::uuid[])`;
    }
    if (listed.length > 0) fromWaitlist += await serveWaitlisted(tx, tenantId, productId, listed, passedOver, now);
    for (const c of groupPeople) passedOver.add(`group:${c}`);
    const [left] = await tx.$queryRaw<
      { available: number }[]
    >`SELECT "purchasedUnits" - "consumedUnits" AS "available" FROM "Product" WHERE "id" = ${productId}::uuid AND "tenantId" = ${tenantId}::uuid`;
    available = left.available;
    // A person served through one queue may also wait in the other: their group licence is now free.
    if (product.waiting > 0) served += await activateHolders();
  }
  const [left] = await tx.$queryRaw<{ waiting: number }[]>`
    SELECT count(*)::int AS "waiting" FROM "LicenseAssignment"
     WHERE "productId" = ${productId}::uuid AND "tenantId" = ${tenantId}::uuid AND "state" = 'ERROR'`;
  return { served, waiting: left.waiting, fromWaitlist };
}

interface Candidate {
  key: string;
  kind: "group" | "waitlist";
  /** A waiting-list entry of a policy with a cap. */
  capped: boolean;
  userId: string;
  since: Date;
  entryId: string | null;
  policyId: string | null;
  launchId: string | null;
}

/**
 * The next people waiting for the product, longest-waiting first, from both queues. A capped
 * policy's waiting list gives at most the units the policy may still hold (its longest-waiting).
 */
async function nextCandidates(tx: Tx, tenantId: string, productId: string, take: number, now: Date): Promise<Candidate[]> {
  const rows = await tx.$queryRaw<Omit<Candidate, "key">[]>`
    WITH capped AS (
      SELECT pol."id", pol."maxUnits" - (SELECT count(*)::int FROM "LicenseAssignment" h
                                          WHERE h."policyId" = pol."id" AND h."tenantId" = pol."tenantId" AND h."source" = 'AUTO_CLAIM' AND h."state" = 'ACTIVE') AS "room"
        FROM "AutoClaimPolicy" pol
        JOIN "PolicyProduct" pp ON pp."policyId" = pol."id" AND pp."productId" = ${productId}::uuid
       WHERE pol."tenantId" = ${tenantId}::uuid AND pol."maxUnits" IS NOT NULL AND pol."deletedAt" IS NULL AND pol."enabled"
    )
    (SELECT 'group' AS "kind", false AS "capped", la."userId", min(la."waitingSince") AS "since", NULL::uuid AS "entryId", NULL::uuid AS "policyId", NULL::uuid AS "launchId"
       FROM "LicenseAssignment" la
      WHERE la."productId" = ${productId}::uuid AND la."tenantId" = ${tenantId}::uuid AND la."state" = 'ERROR'
      GROUP BY la."userId"
      ORDER BY "since", la."userId"
      LIMIT ${take})
    UNION ALL
    (SELECT 'waitlist', false, w."userId", w."since", w."id", w."policyId", w."launchId"
       FROM "WaitlistEntry" w
       JOIN "AutoClaimPolicy" pol ON pol."id" = w."policyId" AND pol."tenantId" = w."tenantId" AND pol."deletedAt" IS NULL AND pol."enabled" AND pol."maxUnits" IS NULL
       JOIN "PolicyProduct" pp ON pp."policyId" = w."policyId" AND pp."productId" = ${productId}::uuid
      WHERE w."tenantId" = ${tenantId}::uuid AND ${waitingCondition(now)}
      ORDER BY w."since", w."id"
      LIMIT ${take})
    UNION ALL
    (SELECT 'waitlist', true, x."userId", x."since", x."id", x."policyId", x."launchId"
       FROM (SELECT w."userId", w."since", w."id", w."policyId", w."launchId", c."room",
                    row_number() OVER (PARTITION BY w."policyId" ORDER BY w."since", w."id") AS "rank"
               FROM capped c
               JOIN "WaitlistEntry" w ON w."policyId" = c."id"
               JOIN "AutoClaimPolicy" pol ON pol."id" = w."policyId" AND pol."tenantId" = w."tenantId"
              WHERE w."tenantId" = ${tenantId}::uuid AND c."room" > 0 AND ${waitingCondition(now)}) x
      WHERE x."rank" <= x."room"
      ORDER BY x."since", x."id"
      LIMIT ${take})
    ORDER BY "since", "userId"`;
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const r of rows) {
    if (seen.has(r.userId)) continue;
    seen.add(r.userId);
    out.push({ ...r, key: r.kind === "group" ? `group:${r.userId}` : `waitlist:${r.entryId}` });
  }
  return out;
}

/**
 * Serves waiting-list entries with the product: an AUTO_CLAIM assignment in the policy's slot for
 * the product, linked to the launch that queued them, the entry closed as served, and the person
 * told (a notification, mailed from the outbox). A user whose row another transaction holds is passed over this time (`FOR UPDATE SKIP LOCKED`).
 * So is a capped policy whose row another transaction holds (a claim of it, an edit), and its people
 * beyond the units it may still hold, counted under its lock — the lock its claims and the
 * database's guard take after the product's, so serving never waits for it while holding the product.
 */
async function serveWaitlisted(tx: Tx, tenantId: string, productId: string, entries: Candidate[], passedOver: Set<string>, now: Date): Promise<number> {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "User" WHERE "id" = ANY(${entries.map((e) => e.userId)}::uuid[]) AND "tenantId" = ${tenantId}::uuid
     ORDER BY "id" FOR UPDATE SKIP LOCKED`;
  const free = new Set(locked.map((l) => l.id));
  let ready = entries.filter((e) => free.has(e.userId));
  for (const e of entries) if (!free.has(e.userId)) passedOver.add(e.key);
  const cappedPolicies = [...new Set(ready.filter((e) => e.capped).map((e) => e.policyId!))];
  if (cappedPolicies.length > 0) {
    const room = await capRoom(tx, tenantId, cappedPolicies);
    ready = ready.filter((e) => {
      if (!e.capped) return true;
      const left = room.get(e.policyId!) ?? 0;
      if (left <= 0) {
        passedOver.add(e.key);
        return false;
      }
      room.set(e.policyId!, left - 1);
      return true;
    });
  }
  if (ready.length === 0) return 0;
  const slots = await tx.policyProduct.findMany({
    where: { productId, policyId: { in: ready.map((e) => e.policyId!) } },
    select: { policyId: true, position: true, disabledPlanIds: true },
  });
  await tx.licenseAssignment.createMany({
    data: ready.map((e) => {
      const slot = slots.find((s) => s.policyId === e.policyId)!;
      return {
        tenantId,
        userId: e.userId,
        productId,
        source: "AUTO_CLAIM" as const,
        policyId: e.policyId,
        productOrder: slot.position,
        launchId: e.launchId,
        disabledPlanIds: slot.disabledPlanIds,
      };
    }),
  });
  await tx.waitlistEntry.updateMany({ where: { id: { in: ready.map((e) => e.entryId!) }, tenantId }, data: { leftAt: now, leftReason: "SERVED" } });
  await notifyServedTx(
    tx,
    ready.map((e) => ({ tenantId, userId: e.userId, productId, policyId: e.policyId })),
    now,
  );
  return ready.length;
}

/**
 * Locks the capped policies no other transaction holds (skipping the rest) and answers the units
 * each may still hold, counted after the lock.
 */
async function capRoom(tx: Tx, tenantId: string, policyIds: string[]): Promise<Map<string, number>> {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "AutoClaimPolicy" WHERE "id" = ANY(${policyIds}::uuid[]) AND "tenantId" = ${tenantId}::uuid AND "maxUnits" IS NOT NULL
     ORDER BY "id" FOR NO KEY UPDATE SKIP LOCKED`;
  if (locked.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ id: string; room: number }[]>`
    SELECT pol."id", pol."maxUnits" - (SELECT count(*)::int FROM "LicenseAssignment" h
                                        WHERE h."policyId" = pol."id" AND h."tenantId" = pol."tenantId" AND h."source" = 'AUTO_CLAIM' AND h."state" = 'ACTIVE') AS "room"
    FROM "AutoClaimPolicy" pol WHERE pol."id" = ANY(${locked.map((l) => l.id)}::uuid[]) AND pol."tenantId" = ${tenantId}::uuid`;
  return new Map(rows.map((r) => [r.id, r.room]));
}

/** The state of a new group assignment: in error, waiting from now, until `serveProductsTx` serves it. */
export function waiting(now = new Date()) {
  return { state: "ERROR", error: "COUNT_VIOLATION", waitingSince: now } as const;
}

/** Units that removing these assignments would free: their holders who hold the product no other (active) way. Pass the tenant (ADR 33). */
export async function unitsFreedByRemoving(db: Tx, assignmentIds: string[], tenantId?: string): Promise<number> {
  if (assignmentIds.length === 0) return 0;
  const [row] = await db.$queryRaw<{ freed: number }[]>`
    SELECT count(DISTINCT (la."productId", la."userId"))::int AS "freed"
    FROM "LicenseAssignment" la
    WHERE la."id" = ANY(${assignmentIds}::uuid[]) ${tenantId ? Prisma.sql`AND la."tenantId" = ${tenantId}::uuid` : Prisma.empty} AND la."state" = 'ACTIVE'
      AND NOT EXISTS (SELECT 1 FROM "LicenseAssignment" o
                      WHERE o."productId" = la."productId" AND o."userId" = la."userId" AND o."tenantId" = la."tenantId" AND o."state" = 'ACTIVE'
                        AND NOT (o."id" = ANY(${assignmentIds}::uuid[])))`;
  return row.freed;
}

/**
 * People waiting for each product now: group members in error (once per person) and waiting-list
 * entries, counted against their policy's primary product (what serving them would take first).
 */
export async function waitingByProduct(db: Tx, tenantId: string, now = new Date()): Promise<Record<string, number>> {
  const rows = await db.$queryRaw<{ productId: string; waiting: number }[]>`
    SELECT "productId", count(*)::int AS "waiting" FROM (
      SELECT DISTINCT la."productId", la."userId" FROM "LicenseAssignment" la
       WHERE la."tenantId" = ${tenantId}::uuid AND la."state" = 'ERROR'
      UNION
      SELECT pp."productId", w."userId" FROM "WaitlistEntry" w
        JOIN "AutoClaimPolicy" pol ON pol."id" = w."policyId" AND pol."deletedAt" IS NULL
        JOIN "PolicyProduct" pp ON pp."policyId" = w."policyId" AND pp."position" = 0
       WHERE w."tenantId" = ${tenantId}::uuid AND ${waitingCondition(now)}
    ) waiting
    GROUP BY "productId"`;
  return Object.fromEntries(rows.map((r) => [r.productId, r.waiting]));
}
