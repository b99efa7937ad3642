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
 */
import type { Tx } from "@/server/db/client";

export interface ServeResult {
  /** Assignments that became active, by product id. */
  served: Map<string, number>;
  /** Assignments still in error afterwards, by product id. */
  waiting: Map<string, number>;
}

/**
 * Serves the queues of the given products, in product-id order (the order every multi-product
 * writer locks product rows in). Returns what it served and what still waits.
 */
export async function serveProductsTx(tx: Tx, productIds: Iterable<string>): Promise<ServeResult> {
  const result: ServeResult = { served: new Map(), waiting: new Map() };
  for (const productId of [...new Set(productIds)].sort()) {
    const served = await serveProduct(tx, productId);
    if (served.served > 0) result.served.set(productId, served.served);
    if (served.waiting > 0) result.waiting.set(productId, served.waiting);
  }
  return result;
}

async function serveProduct(tx: Tx, productId: string): Promise<{ served: number; waiting: number }> {
  // The product's row lock: claims, direct assignments and the counting triggers take it before
  // any seat of the product, so the units read here stay true until this transaction ends.
  const [product] = await tx.$queryRaw<{ available: number; waiting: number }[]>`
    SELECT p."purchasedUnits" - p."consumedUnits" AS "available",
           (SELECT count(*)::int FROM "LicenseAssignment" la WHERE la."productId" = p."id" AND la."state" = 'ERROR') AS "waiting"
    FROM "Product" p WHERE p."id" = ${productId}::uuid
    FOR NO KEY UPDATE OF p`;
  if (!product || product.waiting === 0) return { served: 0, waiting: 0 };

  // 1. Members who hold the product already (directly, by claim, through another group) take no unit.
  let served = await tx.$executeRaw`
    UPDATE "LicenseAssignment" la SET "state" = 'ACTIVE', "error" = NULL, "waitingSince" = NULL
    WHERE la."productId" = ${productId}::uuid AND la."state" = 'ERROR'
      AND EXISTS (SELECT 1 FROM "LicenseSeat" s WHERE s."productId" = la."productId" AND s."userId" = la."userId")`;

  // 2. The longest-waiting people, one unit each (all of a person's waiting assignments of the
  //    product at once). A row another transaction removed meanwhile is skipped after its wait,
  //    so repeat until the units or the queue run out.
  let available = product.available;
  while (available > 0) {
    const people = await tx.$queryRaw<{ userId: string }[]>`
      SELECT la."userId" FROM "LicenseAssignment" la
      WHERE la."productId" = ${productId}::uuid AND la."state" = 'ERROR'
      GROUP BY la."userId"
      ORDER BY min(la."waitingSince"), la."userId"
      LIMIT ${available}`;
    if (people.length === 0) break;
    const activated = await tx.$queryRaw<{ userId: string }[]>`
      UPDATE "LicenseAssignment" la SET "state" = 'ACTIVE', "error" = NULL, "waitingSince" = NULL
      WHERE la."productId" = ${productId}::uuid AND la."state" = 'ERROR'
        AND la."userId" = ANY(${people.map((p) => p.userId)}::uuid[])
      RETURNING la."userId"`;
    served += activated.length;
    const holders = new Set(activated.map((a) => a.userId)).size;
    available -= holders;
  }
  const [left] = await tx.$queryRaw<{ waiting: number }[]>`
    SELECT count(*)::int AS "waiting" FROM "LicenseAssignment" WHERE "productId" = ${productId}::uuid AND "state" = 'ERROR'`;
  return { served, waiting: left.waiting };
}

/** The state of a new group assignment: in error, waiting from now, until `serveProductsTx` serves it. */
export function waiting(now = new Date()) {
  return { state: "ERROR", error: "COUNT_VIOLATION", waitingSince: now } as const;
}

/** Units that removing these assignments would free: their holders who hold the product no other (active) way. */
export async function unitsFreedByRemoving(db: Tx, assignmentIds: string[]): Promise<number> {
  if (assignmentIds.length === 0) return 0;
  const [row] = await db.$queryRaw<{ freed: number }[]>`
    SELECT count(DISTINCT (la."productId", la."userId"))::int AS "freed"
    FROM "LicenseAssignment" la
    WHERE la."id" = ANY(${assignmentIds}::uuid[]) AND la."state" = 'ACTIVE'
      AND NOT EXISTS (SELECT 1 FROM "LicenseAssignment" o
                      WHERE o."productId" = la."productId" AND o."userId" = la."userId" AND o."state" = 'ACTIVE'
                        AND NOT (o."id" = ANY(${assignmentIds}::uuid[])))`;
  return row.freed;
}
