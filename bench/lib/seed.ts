/**
 * The benchmark's large tenant, made with set-based SQL (INSERT … SELECT FROM generate_series), not
 * row by row. Runs on PostgreSQL or PGlite through `Sql` on ONE connection (it uses temporary
 * tables).
 *
 *   users        N people (bench.user<n>@<domain>) and one Global admin with a password
 *   launches     L launches over 90 days: the A launches that auto-claimed, then L − A others
 *                (LICENSED / NOT_REQUIRED, decided as the rule would); no trigger on Launch
 *   assignments  A auto-claimed Power Apps Premium licences, each pointing at its policy and launch;
 *                through the real licence triggers: the counting ones once per statement (seats
 *                upserted set-based, the product row updated once — ADR 31), the webhook and
 *                request-closing ones once per row
 *
 * Products: Power Apps Premium (A + headroom units, the report's product), Power Automate Premium
 * (N units: the pool the claim path draws from — nobody holds it, so every user can claim it once).
 */
import { randomBytes, randomUUID } from "node:crypto";
import bcrypt from "bcryptjs";
import { hashToken, tokenPrefix } from "@/server/domain/tokens/hash";
import type { Sql } from "./db";

export interface SeedSizes {
  users: number;
  assignments: number;
  launches: number;
}

export interface BenchWorld {
  tenantId: string;
  domain: string;
  token: string;
  admin: { id: string; upn: string; password: string };
  apps: { premiumManaged: string; premiumFlow: string; standardStandard: string; standardManaged: string };
  products: { powerApps: string; powerAutomate: string };
  policies: { powerApps: string; powerAutomate: string };
  /** Users 1..A hold Power Apps Premium (licensed); all N can claim Power Automate Premium. */
  licensedUserIds: string[];
  allUserIds: string[];
}

export interface SeedTimings {
  usersMs: number;
  launchesMs: number;
  /** The A assignments into LicenseAssignment, ASSIGNMENT_BATCH rows per committed statement: the real triggers (counting once per statement) and FK checks per row. */
  assignmentsMs: number;
  assignmentBatch: number;
  /** Single statements of growing size (rolled back): with statement-level counting the per-row cost stays flat. */
  singleStatement: { rows: number; ms: number }[];
  /** The same rows into a plain copy of the table (same indexes and CHECKs, no triggers, no FKs). */
  assignmentsNoTriggersMs: number;
  vacuumAnalyzeMs: number;
  totalMs: number;
}

/** Rows per committed INSERT of the seed's assignments (an import's size of batch; inserts are linear since ADR 31). */
export const ASSIGNMENT_BATCH = 10_000;

/** Sizes of the single-statement probe: doubling from 1,000 (or A/8), up to 8,000 rows or A. */
function probeSizes(A: number): number[] {
  const out: number[] = [];
  for (let rows = Math.min(1_000, Math.max(1, Math.floor(A / 8))); rows <= Math.min(A, 8_000); rows *= 2) out.push(rows);
  return out;
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const now = () => process.hrtime.bigint();

export async function seedBenchTenant(
  sql: Sql,
  sizes: SeedSizes,
  progress: (line: string) => void = () => {},
): Promise<{ world: BenchWorld; timings: SeedTimings }> {
  const { users: N, launches: L } = sizes;
  const A = Math.min(sizes.assignments, N, L);
  const started = now();
  const tenantId = randomUUID();
  const domain = `bench-${randomBytes(4).toString("hex")}.example`;
  await sql.query(`INSERT INTO "Tenant" ("id", "name", "domain", "autoClaimEnabled") VALUES ($1, 'Bench Corp', $2, true)`, [tenantId, domain]);

  const env = { managed: randomUUID(), standard: randomUUID() };
  await sql.query(
    `INSERT INTO "Environment" ("id", "tenantId", "name", "region", "managed") VALUES ($1, $3, 'Bench managed', 'United States', true), ($2, $3, 'Bench standard', 'Europe', false)`,
    [env.managed, env.standard, tenantId],
  );
  const apps = { premiumManaged: randomUUID(), premiumFlow: randomUUID(), standardStandard: randomUUID(), standardManaged: randomUUID() };
  await sql.query(
    `INSERT INTO "App" ("id", "tenantId", "environmentId", "name", "kind", "autoClaimApp", "premium") VALUES
       ($1, $5, $6, 'Field Inspection', 'CANVAS', 'POWER_APPS', true),
       ($2, $5, $6, 'Expense Approvals flow', 'CLOUD_FLOW', 'POWER_AUTOMATE', true),
       ($3, $5, $7, 'Team Directory', 'CANVAS', 'POWER_APPS', false),
       ($4, $5, $6, 'Leave Requests', 'MODEL_DRIVEN', 'POWER_APPS', false)`,
    [apps.premiumManaged, apps.premiumFlow, apps.standardStandard, apps.standardManaged, tenantId, env.managed, env.standard],
  );
  const products = { powerApps: randomUUID(), powerAutomate: randomUUID() };
  await sql.query(
    `INSERT INTO "Product" ("id", "tenantId", "skuId", "skuPartNumber", "displayName", "standaloneFor", "purchasedUnits") VALUES
       ($1, $3, 'b30411f5-fea1-4a59-9ad9-3db7c7ead579', 'POWERAPPS_PER_USER', 'Power Apps Premium', 'POWER_APPS', $4),
       ($2, $3, 'eda1941c-3c4f-4995-b5eb-e85a42175ab9', 'POWERAUTOMATE_ATTENDED_RPA', 'Power Automate Premium', 'POWER_AUTOMATE', $5)`,
    [products.powerApps, products.powerAutomate, tenantId, A + 1000, N],
  );
  await sql.query(
    `INSERT INTO "ServicePlan" ("id", "productId", "servicePlanId", "servicePlanName", "displayName") VALUES
       ($1, $3, 'ea2cf03b-ac60-46ae-9c1d-eeaeb63cec86', 'POWERAPPS_PER_USER', 'Power Apps per user'),
       ($2, $4, '375cd0ad-c407-49fd-866a-0bff4f8a9a4d', 'POWER_AUTOMATE_ATTENDED_RPA', 'Power Automate RPA attended')`,
    [randomUUID(), randomUUID(), products.powerApps, products.powerAutomate],
  );
  const policies = { powerApps: randomUUID(), powerAutomate: randomUUID() };
  await sql.query(
    `INSERT INTO "AutoClaimPolicy" ("id", "tenantId", "name", "app", "enabled", "scope", "updatedAt") VALUES
       ($1, $3, 'Power Apps for everyone', 'POWER_APPS', true, 'MANAGED_ONLY', now()),
       ($2, $3, 'Power Automate for everyone', 'POWER_AUTOMATE', true, 'MANAGED_ONLY', now())`,
    [policies.powerApps, policies.powerAutomate, tenantId],
  );
  await sql.query(`INSERT INTO "PolicyProduct" ("policyId", "productId", "position", "disabledPlanIds") VALUES ($1, $2, 0, '{}'), ($3, $4, 0, '{}')`, [
    policies.powerApps,
    products.powerApps,
    policies.powerAutomate,
    products.powerAutomate,
  ]);
  const token = `bench-${randomBytes(24).toString("hex")}`;
  await sql.query(
    `INSERT INTO "ApiToken" ("id", "tenantId", "name", "tokenHash", "prefix", "scopes") VALUES ($1, $2, 'bench', $3, $4, '{launches,directory.read}')`,
    [randomUUID(), tenantId, hashToken(token), tokenPrefix(token)],
  );
  const admin = { id: randomUUID(), upn: `admin@${domain}`, password: `bench-${randomBytes(6).toString("hex")}` };
  await sql.query(
    `INSERT INTO "User" ("id", "tenantId", "displayName", "userPrincipalName", "mail", "role", "passwordHash") VALUES ($1, $2, 'Bench Admin', $3, $3, 'GLOBAL_ADMIN', $4)`,
    [admin.id, tenantId, admin.upn, bcrypt.hashSync(admin.password, 8)],
  );

  // Users: numbered in a temporary table so that launches and assignments can refer to user n.
  let t = now();
  await sql.exec(`DROP TABLE IF EXISTS bench_users; CREATE TEMP TABLE bench_users ("n" int PRIMARY KEY, "id" uuid NOT NULL)`);
  await sql.query(`INSERT INTO bench_users SELECT n, gen_random_uuid() FROM generate_series(1, $1::int) n`, [N]);
  await sql.query(
    `INSERT INTO "User" ("id", "tenantId", "displayName", "givenName", "surname", "userPrincipalName", "mail", "usageLocation", "department")
     SELECT bu."id", $1::uuid, 'Bench User ' || bu."n", 'Bench', 'User ' || bu."n", 'bench.user' || bu."n" || '@' || $2::text,
            'bench.user' || bu."n" || '@' || $2::text, 'US', (ARRAY['Sales','Finance','Operations','IT','Field Service'])[1 + bu."n" % 5]
     FROM bench_users bu`,
    [tenantId, domain],
  );
  const usersMs = ms(t);
  progress(`${N} users in ${(usersMs / 1000).toFixed(1)} s`);

  // Launches: first the A that auto-claimed (within 89 days, so that the report's default 90-day range holds them all) (kept in a temporary table for the assignments), then the rest.
  t = now();
  await sql.exec(`DROP TABLE IF EXISTS bench_claims; CREATE TEMP TABLE bench_claims ("n" int PRIMARY KEY, "id" uuid NOT NULL, "at" timestamp(3) NOT NULL)`);
  await sql.query(
    `INSERT INTO bench_claims SELECT n, gen_random_uuid(), (now() - random() * interval '89 days')::timestamp(3) FROM generate_series(1, $1::int) n`,
    [A],
  );
  await sql.query(
    `INSERT INTO "Launch" ("id", "tenantId", "userId", "appId", "environmentId", "kind", "decision", "reason", "policyId", "productId", "createdAt")
     SELECT c."id", $1::uuid, bu."id", $2::uuid, $3::uuid, 'APP_LAUNCH', 'ALLOW', 'AUTO_CLAIMED', $4::uuid, $5::uuid, c."at"
     FROM bench_claims c JOIN bench_users bu USING ("n")`,
    [tenantId, apps.premiumManaged, env.managed, policies.powerApps, products.powerApps],
  );
  // The others: user n = 1 + (g·7919 mod N), app by g mod 3; the reason is what the rule decides for
  // that user and app (users beyond A hold nothing, so they only open the standard app).
  await sql.query(
    `INSERT INTO "Launch" ("id", "tenantId", "userId", "appId", "environmentId", "kind", "decision", "reason", "createdAt")
     SELECT gen_random_uuid(), $1::uuid, bu."id",
            CASE WHEN bu."n" > $7::int THEN $4::uuid ELSE (ARRAY[$2::uuid, $3::uuid, $4::uuid])[1 + g % 3] END,
            CASE WHEN bu."n" > $7::int OR g % 3 = 2 THEN $6::uuid ELSE $5::uuid END,
            'APP_LAUNCH', 'ALLOW',
            (CASE WHEN bu."n" > $7::int OR g % 3 = 2 THEN 'NOT_REQUIRED' ELSE 'LICENSED' END)::"LaunchReason",
            (now() - random() * interval '90 days')::timestamp(3)
     FROM generate_series(1, $8::int) g
     JOIN bench_users bu ON bu."n" = 1 + ((g::bigint * 7919) % $9::int)`,
    [tenantId, apps.premiumManaged, apps.standardManaged, apps.standardStandard, env.managed, env.standard, A, L - A, N],
  );
  const launchesMs = ms(t);
  progress(`${L} launches in ${(launchesMs / 1000).toFixed(1)} s`);

  // Assignments. The counting triggers run once per statement (ADR 31): one set-based seat upsert and
  // one update of the product's row, however many rows the statement inserts. (Row-level, they
  // updated the product's row once per assignment, and inside one statement each update walked the
  // versions the ones before it left: quadratic.) So: (a) the per-row cost of single statements of
  // growing size, rolled back — flat if the statement is linear; (b) the same rows into a plain copy
  // of the table (same indexes and CHECKs, no triggers, no foreign keys); (c) the real rows, in
  // statements of ASSIGNMENT_BATCH rows, each committed (an import; a live claim is one row per
  // transaction).
  const assignmentSelect = `
     SELECT gen_random_uuid(), $1::uuid, bu."id", $2::uuid, 'AUTO_CLAIM'::"LicenseSource", '{}'::text[], $3::uuid, 0, c."id", c."at"
     FROM bench_claims c JOIN bench_users bu USING ("n")
     WHERE c."n" BETWEEN $4::int AND $5::int`;
  const columns = `("id", "tenantId", "userId", "productId", "source", "disabledPlanIds", "policyId", "productOrder", "launchId", "assignedAt")`;
  const params = (from: number, to: number) => [tenantId, products.powerApps, policies.powerApps, from, to];

  const singleStatement: { rows: number; ms: number }[] = [];
  for (const rows of probeSizes(A)) {
    await sql.exec("BEGIN");
    t = now();
    await sql.query(`INSERT INTO "LicenseAssignment" ${columns} ${assignmentSelect}`, params(1, rows));
    singleStatement.push({ rows, ms: ms(t) });
    progress(`${rows} assignments in one statement (rolled back): ${(singleStatement.at(-1)!.ms / 1000).toFixed(2)} s`);
    await sql.exec("ROLLBACK");
  }
  await sql.exec(`VACUUM "Product"`);

  await sql.exec(
    `DROP TABLE IF EXISTS bench_assignment_copy; CREATE TABLE bench_assignment_copy (LIKE "LicenseAssignment" INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`,
  );
  t = now();
  await sql.query(`INSERT INTO bench_assignment_copy ${columns} ${assignmentSelect}`, params(1, A));
  const assignmentsNoTriggersMs = ms(t);
  await sql.exec(`DROP TABLE bench_assignment_copy`);

  t = now();
  for (let from = 1; from <= A; from += ASSIGNMENT_BATCH) {
    await sql.query(`INSERT INTO "LicenseAssignment" ${columns} ${assignmentSelect}`, params(from, Math.min(A, from + ASSIGNMENT_BATCH - 1)));
  }
  const assignmentsMs = ms(t);
  progress(
    `${A} assignments in statements of ${ASSIGNMENT_BATCH}: ${(assignmentsMs / 1000).toFixed(1)} s (into a copy without triggers or foreign keys: ${(assignmentsNoTriggersMs / 1000).toFixed(1)} s)`,
  );

  const licensed = await sql.query<{ id: string }>(`SELECT bu."id" FROM bench_users bu WHERE bu."n" <= $1::int ORDER BY bu."n"`, [A]);
  const all = await sql.query<{ id: string }>(`SELECT "id" FROM bench_users ORDER BY "n"`);
  await sql.exec(`DROP TABLE bench_claims; DROP TABLE bench_users`);

  // Analyze every table for the planner (and vacuum what the rolled-back probes left).
  t = now();
  await sql.exec(`VACUUM ANALYZE`);
  const vacuumAnalyzeMs = ms(t);

  const [check] = await sql.query<{ consumed: number; seats: number }>(
    `SELECT p."consumedUnits" AS "consumed", (SELECT count(*)::int FROM "LicenseSeat" s WHERE s."productId" = p."id") AS "seats" FROM "Product" p WHERE p."id" = $1`,
    [products.powerApps],
  );
  if (check.consumed !== A || check.seats !== A) throw new Error(`seed: expected ${A} consumed units and seats, found ${check.consumed} / ${check.seats}`);

  return {
    world: {
      tenantId,
      domain,
      token,
      admin,
      apps,
      products,
      policies,
      licensedUserIds: licensed.map((r) => r.id),
      allUserIds: all.map((r) => r.id),
    },
    timings: {
      usersMs,
      launchesMs,
      assignmentsMs,
      assignmentBatch: ASSIGNMENT_BATCH,
      singleStatement,
      assignmentsNoTriggersMs,
      vacuumAnalyzeMs,
      totalMs: ms(started),
    },
  };
}

export interface StormWorld {
  tenantId: string;
  token: string;
  appId: string;
  productId: string;
  units: number;
  userIds: string[];
}

/** A tenant for the claim storm: `users` people, none licensed, one product of `units`, a policy, a premium app. */
export async function seedStormTenant(sql: Sql, { users, units }: { users: number; units: number }): Promise<StormWorld> {
  const tenantId = randomUUID();
  const domain = `storm-${randomBytes(4).toString("hex")}.example`;
  const envId = randomUUID();
  const appId = randomUUID();
  const productId = randomUUID();
  const policyId = randomUUID();
  const token = `storm-${randomBytes(24).toString("hex")}`;
  await sql.query(`INSERT INTO "Tenant" ("id", "name", "domain", "autoClaimEnabled") VALUES ($1, 'Storm Ltd', $2, true)`, [tenantId, domain]);
  await sql.query(`INSERT INTO "Environment" ("id", "tenantId", "name", "region", "managed") VALUES ($1, $2, 'Storm managed', 'United States', true)`, [
    envId,
    tenantId,
  ]);
  await sql.query(
    `INSERT INTO "App" ("id", "tenantId", "environmentId", "name", "kind", "autoClaimApp", "premium") VALUES ($1, $2, $3, 'Storm app', 'CANVAS', 'POWER_APPS', true)`,
    [appId, tenantId, envId],
  );
  await sql.query(
    `INSERT INTO "Product" ("id", "tenantId", "skuId", "skuPartNumber", "displayName", "standaloneFor", "purchasedUnits") VALUES ($1, $2, gen_random_uuid(), 'POWERAPPS_PER_USER', 'Power Apps Premium', 'POWER_APPS', $3)`,
    [productId, tenantId, units],
  );
  await sql.query(`INSERT INTO "AutoClaimPolicy" ("id", "tenantId", "name", "app", "updatedAt") VALUES ($1, $2, 'Storm policy', 'POWER_APPS', now())`, [
    policyId,
    tenantId,
  ]);
  await sql.query(`INSERT INTO "PolicyProduct" ("policyId", "productId", "position", "disabledPlanIds") VALUES ($1, $2, 0, '{}')`, [policyId, productId]);
  await sql.query(`INSERT INTO "ApiToken" ("id", "tenantId", "name", "tokenHash", "prefix", "scopes") VALUES ($1, $2, 'storm', $3, $4, '{launches}')`, [
    randomUUID(),
    tenantId,
    hashToken(token),
    tokenPrefix(token),
  ]);
  const rows = await sql.query<{ id: string }>(
    `INSERT INTO "User" ("id", "tenantId", "displayName", "userPrincipalName")
     SELECT gen_random_uuid(), $1::uuid, 'Storm User ' || n, 'storm.user' || n || '@' || $2::text FROM generate_series(1, $3::int) n
     RETURNING "id"`,
    [tenantId, domain, users],
  );
  return { tenantId, token, appId, productId, units, userIds: rows.map((r) => r.id) };
}
