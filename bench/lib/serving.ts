/**
 * Serving a waiting list (SPEC §8.1, ADR 16): W people wait on a policy whose product is used up,
 * and the admin raises the purchased units by U (`setPurchasedUnits`, one transaction, which serves
 * the queue under the product's lock). Timed and its SQL statements counted (Prisma query events),
 * then checked: exactly U served, the U oldest, each with an auto-claimed licence pointing at the
 * launch that queued them, consumed ≤ purchased.
 *
 * The baseline, in the same run and on the same product: a plain bulk assignment of U — U people
 * given the product directly in ONE transaction (their user rows locked in id order, then one
 * multi-row insert; the licence triggers count every row). The domain has no bulk direct
 * assignment of many people, so this is the floor any such call would sit on. For reference also
 * the per-person domain call (`assignLicenses`, one transaction per person) U times, on a second
 * product.
 *
 * Order, so that every state is one a real tenant could be in: the pool of U units is filled by the
 * bulk assignment (the baseline), then the W refusals and their waiting-list entries are seeded
 * set-based (INSERT … SELECT FROM generate_series, one second apart, within the policy's expiry
 * window), then the units go from U to 2U.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { PrismaClient } from "@/generated/prisma/client";
import { createDb } from "@/server/db/client";
import { assignLicenses } from "@/server/domain/licenses/assign";
import { setPurchasedUnits } from "@/server/domain/licenses/products";
import { lockUsers } from "@/server/domain/users/locks";
import { onCleanup } from "./cleanup";
import { createPGliteBenchDb, pgliteSql, pgSql, withPgClient, type Sql } from "./db";
import { listen, timed, timing, type Timed } from "./timed";

export interface ServingSizes {
  waiting: number;
  units: number;
}

export interface ServingCheck {
  ok: boolean;
  served: number;
  /** Served entries that were not among the `units` oldest (must be 0). */
  servedOutOfOrder: number;
  /** Served people without an auto-claimed licence linked to their queuing launch (must be 0). */
  servedWithoutLicence: number;
  stillWaiting: number;
  consumed: number;
  purchased: number;
}

export interface ServingResult {
  where: string;
  waiting: number;
  units: number;
  seedMs: number;
  /** setPurchasedUnits from U to 2U: serves U of the W waiting. */
  serving: Timed;
  /** U direct assignments of the same product in one transaction (lock the people, one insert). */
  bulk: Timed;
  /** assignLicenses once per person, U transactions, on a second product (statements counted, not listed). */
  perPerson: Timed;
  /** serving.ms / bulk.ms */
  ratio: number;
  check: ServingCheck;
}

interface ServingWorld {
  tenantId: string;
  adminId: string;
  appId: string;
  envId: string;
  productId: string;
  otherProductId: string;
  policyId: string;
  /** The U people of the baseline (they hold the product; not waiting). */
  holderIds: string[];
}

/** The tenant: W + U people, a managed environment, a premium app, the product (U units) and its policy. */
async function seedTenant(sql: Sql, { waiting: W, units: U }: ServingSizes): Promise<ServingWorld> {
  const tenantId = randomUUID();
  const domain = `serving-${randomBytes(4).toString("hex")}.example`;
  const [envId, appId, productId, otherProductId, policyId, adminId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  await sql.query(`INSERT INTO "Tenant" ("id", "name", "domain", "autoClaimEnabled") VALUES ($1, 'Waiting Ltd', $2, true)`, [tenantId, domain]);
  await sql.query(`INSERT INTO "Environment" ("id", "tenantId", "name", "region", "managed") VALUES ($1, $2, 'Waiting managed', 'United States', true)`, [
    envId,
    tenantId,
  ]);
  await sql.query(
    `INSERT INTO "App" ("id", "tenantId", "environmentId", "name", "kind", "autoClaimApp", "premium") VALUES ($1, $2, $3, 'Field Inspection', 'CANVAS', 'POWER_APPS', true)`,
    [appId, tenantId, envId],
  );
  await sql.query(
    `INSERT INTO "Product" ("id", "tenantId", "skuId", "skuPartNumber", "displayName", "standaloneFor", "purchasedUnits") VALUES
       ($1, $3, gen_random_uuid(), 'POWERAPPS_PER_USER', 'Power Apps Premium', 'POWER_APPS', $4),
       ($2, $3, gen_random_uuid(), 'POWERAPPS_PER_APP_NEW', 'Power Apps per app', NULL, $4)`,
    [productId, otherProductId, tenantId, U],
  );
  await sql.query(
    `INSERT INTO "AutoClaimPolicy" ("id", "tenantId", "name", "app", "enabled", "scope", "updatedAt") VALUES ($1, $2, 'Power Apps for everyone', 'POWER_APPS', true, 'MANAGED_ONLY', now())`,
    [policyId, tenantId],
  );
  await sql.query(`INSERT INTO "PolicyProduct" ("policyId", "productId", "position", "disabledPlanIds") VALUES ($1, $2, 0, '{}')`, [policyId, productId]);
  await sql.query(
    `INSERT INTO "User" ("id", "tenantId", "displayName", "userPrincipalName", "role") VALUES ($1, $2, 'Waiting Admin', 'admin@' || $3::text, 'GLOBAL_ADMIN')`,
    [adminId, tenantId, domain],
  );
  // People 1..W will wait (in that order); W+1..W+U are the baseline's.
  await sql.exec(`DROP TABLE IF EXISTS bench_waiting; CREATE TEMP TABLE bench_waiting ("n" int PRIMARY KEY, "id" uuid NOT NULL)`);
  await sql.query(`INSERT INTO bench_waiting SELECT n, gen_random_uuid() FROM generate_series(1, $1::int) n`, [W + U]);
  await sql.query(
    `INSERT INTO "User" ("id", "tenantId", "displayName", "userPrincipalName", "usageLocation")
     SELECT b."id", $1::uuid, 'Waiting User ' || b."n", 'waiting.user' || b."n" || '@' || $2::text, 'US' FROM bench_waiting b`,
    [tenantId, domain],
  );
  const holders = await sql.query<{ id: string }>(`SELECT "id" FROM bench_waiting WHERE "n" > $1::int ORDER BY "n"`, [W]);
  return { tenantId, adminId, appId, envId, productId, otherProductId, policyId, holderIds: holders.map((h) => h.id) };
}

/**
 * People 1..W refused for lack of units (a DENY launch each, NO_LICENSES_AVAILABLE) and queued: one
 * entry each, linked to its launch, `since` = the refusal, person n one second after person n − 1.
 */
async function seedWaitlist(sql: Sql, world: ServingWorld, W: number): Promise<void> {
  await sql.exec(
    `DROP TABLE IF EXISTS bench_refusals; CREATE TEMP TABLE bench_refusals ("n" int PRIMARY KEY, "userId" uuid NOT NULL, "launchId" uuid NOT NULL, "at" timestamp(3) NOT NULL)`,
  );
  await sql.query(
    `INSERT INTO bench_refusals
     SELECT b."n", b."id", gen_random_uuid(), (now() AT TIME ZONE 'UTC' - make_interval(secs => $1::int - b."n" + 60))::timestamp(3)
     FROM bench_waiting b WHERE b."n" <= $1::int`,
    [W],
  );
  await sql.query(
    `INSERT INTO "Launch" ("id", "tenantId", "userId", "appId", "environmentId", "kind", "decision", "reason", "policyId", "createdAt")
     SELECT r."launchId", $1::uuid, r."userId", $2::uuid, $3::uuid, 'APP_LAUNCH', 'DENY', 'NO_LICENSES_AVAILABLE', $4::uuid, r."at"
     FROM bench_refusals r`,
    [world.tenantId, world.appId, world.envId, world.policyId],
  );
  await sql.query(
    `INSERT INTO "WaitlistEntry" ("id", "tenantId", "policyId", "userId", "launchId", "since", "lastLaunchAt")
     SELECT gen_random_uuid(), $1::uuid, $2::uuid, r."userId", r."launchId", r."at", r."at" FROM bench_refusals r`,
    [world.tenantId, world.policyId],
  );
}

async function checkServing(sql: Sql, world: ServingWorld, { waiting: W, units: U }: ServingSizes): Promise<ServingCheck> {
  const [row] = await sql.query<{
    served: number;
    outOfOrder: number;
    withoutLicence: number;
    stillWaiting: number;
    consumed: number;
    purchased: number;
  }>(
    `SELECT (SELECT count(*)::int FROM "WaitlistEntry" e WHERE e."policyId" = $1 AND e."leftReason" = 'SERVED') AS "served",
            (SELECT count(*)::int FROM "WaitlistEntry" e JOIN bench_refusals r ON r."launchId" = e."launchId"
              WHERE e."policyId" = $1 AND e."leftReason" = 'SERVED' AND r."n" > $3::int) AS "outOfOrder",
            (SELECT count(*)::int FROM "WaitlistEntry" e
              WHERE e."policyId" = $1 AND e."leftReason" = 'SERVED'
                AND NOT EXISTS (SELECT 1 FROM "LicenseAssignment" a WHERE a."userId" = e."userId" AND a."productId" = $2
                                  AND a."source" = 'AUTO_CLAIM' AND a."launchId" = e."launchId" AND a."policyId" = $1)) AS "withoutLicence",
            (SELECT count(*)::int FROM "WaitlistEntry" e WHERE e."policyId" = $1 AND e."leftAt" IS NULL) AS "stillWaiting",
            p."consumedUnits" AS "consumed", p."purchasedUnits" AS "purchased"
     FROM "Product" p WHERE p."id" = $2`,
    [world.policyId, world.productId, U],
  );
  const served = Math.min(U, W);
  const ok =
    row.served === served &&
    row.outOfOrder === 0 &&
    row.withoutLicence === 0 &&
    row.stillWaiting === W - served &&
    row.consumed <= row.purchased &&
    row.consumed === U + served;
  return {
    ok,
    served: row.served,
    servedOutOfOrder: row.outOfOrder,
    servedWithoutLicence: row.withoutLicence,
    stillWaiting: row.stillWaiting,
    consumed: row.consumed,
    purchased: row.purchased,
  };
}

/**
 * The measurement, on one database: `sql` is ONE connection to it (temporary tables), `prisma` a
 * client on it made with query events (`log: [{ emit: "event", level: "query" }]`).
 */
export async function measureServing(sql: Sql, prisma: PrismaClient, sizes: ServingSizes, where: string): Promise<ServingResult> {
  const { waiting: W, units: U } = sizes;
  const events = listen(prisma);

  // Connect and open one transaction first, so that neither measurement pays for that.
  await prisma.$transaction((tx) => tx.$queryRaw`SELECT 1`);

  let started = performance.now();
  const world = await seedTenant(sql, sizes);
  let seedMs = performance.now() - started;
  const ctx = { db: prisma, actor: { id: world.adminId, label: "Waiting Admin" }, tenantId: world.tenantId };

  // Baseline: U people given the product directly, in one transaction.
  const bulk = await timed(prisma, events, () =>
    prisma.$transaction(
      async (tx) => {
        const locked = await lockUsers(tx, world.holderIds, { tenantId: world.tenantId });
        return tx.licenseAssignment.createMany({
          data: locked.map((u) => ({
            tenantId: world.tenantId,
            userId: u.id,
            productId: world.productId,
            source: "DIRECT" as const,
            assignedById: world.adminId,
          })),
        });
      },
      { timeout: 120_000 },
    ),
  );
  if (bulk.value.count !== U) throw new Error(`serving bench: the bulk assignment made ${bulk.value.count} assignments, expected ${U}`);

  // For reference: the per-person domain call, U times, on the second product.
  const perPerson = await timed(prisma, events, async () => {
    for (const userId of world.holderIds) await assignLicenses(ctx, { userId, add: [{ productId: world.otherProductId }] });
  });

  // The queue: W refusals, then vacuum and statistics as after any bulk load.
  started = performance.now();
  await seedWaitlist(sql, world, W);
  await sql.exec(`VACUUM ANALYZE "User", "Launch", "WaitlistEntry", "LicenseAssignment", "LicenseSeat", "Product"`);
  seedMs += performance.now() - started;

  // The measurement: the admin adds U units.
  const serving = await timed(prisma, events, () => setPurchasedUnits(ctx, { productId: world.productId, purchasedUnits: 2 * U }));
  const check = await checkServing(sql, world, sizes);
  await sql.exec(`DROP TABLE bench_refusals; DROP TABLE bench_waiting`);
  return {
    where,
    waiting: W,
    units: U,
    seedMs,
    serving: timing(serving),
    bulk: timing(bulk),
    // U calls: the count, not every statement.
    perPerson: { ...timing(perPerson), sql: [] },
    ratio: serving.ms / bulk.ms,
    check,
  };
}

/** The measurement on the PostgreSQL database at `url` (the run's database), then on an in-memory PGlite. */
export async function measureServingBoth(url: string, sizes: ServingSizes): Promise<{ postgres: ServingResult; pglite: ServingResult }> {
  const log = [{ emit: "event" as const, level: "query" as const }];
  const logged = createDb(url, { log });
  onCleanup("close the serving client", () => logged.close());
  const postgres = await withPgClient(url, (c) =>
    measureServing(pgSql(c), logged.prisma, sizes, "PostgreSQL: setPurchasedUnits in-process, Prisma over pg (the run's database, beside the large tenant)"),
  );
  await logged.close();
  const lite = await createPGliteBenchDb({ log });
  onCleanup("close PGlite (serving)", () => lite.close());
  const pglite = await measureServing(pgliteSql(lite.pglite!), lite.prisma, sizes, "PGlite in memory: setPurchasedUnits in-process, one connection");
  await lite.close();
  return { postgres, pglite };
}
