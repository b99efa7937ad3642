/**
 * The simulation of a policy (SPEC §8.5, src/server/domain/policies/simulation.ts) over a tenant with
 * L recorded launches (1,000,000 in a full run) spread over 90 days: `simulatePolicy` timed through
 * the app's Prisma client, its statements counted (Prisma query events), for a managed-only and an
 * all-environments draft, and its numbers checked against a second, naive formulation (temporary
 * tables, several statements).
 *
 * The baseline, in the same run, on the same database and client: a plain count of the same
 * window's launches of the tenant (`count(*)` over ("tenantId", "createdAt")) — the floor of any
 * read that looks at those launches at all.
 *
 * The tenant: N people (30 % holding Power Apps Premium directly, so the simulation has licensed
 * people to leave out), a managed and a standard environment, 12 apps (premium and standard in
 * each, and flows), Power Apps Premium (headroom of 2,000 units) and Power Apps per app (500). Launches are
 * made set-based (INSERT … SELECT FROM generate_series), then VACUUM ANALYZE.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createDb } from "@/server/db/client";
import { simulatePolicy, simulationWindow, type SimulationResult } from "@/server/domain/policies/simulation";
import { onCleanup } from "./cleanup";
import { pgSql, withPgClient, type Sql } from "./db";

export interface SimulationSizes {
  users: number;
  launches: number;
  /** Timed calls of each measurement (after one warm-up); the median is reported. */
  samples: number;
}

export const SIMULATION_FULL: SimulationSizes = { users: 50_000, launches: 1_000_000, samples: 7 };
export const SIMULATION_SMOKE: SimulationSizes = { users: 2_000, launches: 20_000, samples: 3 };

export interface TimedCalls {
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** SQL statements per call (the same for every sample). */
  statements: number;
}

export interface SimulationBenchResult {
  users: number;
  launches: number;
  /** Launches in the 30-day window the simulation replays. */
  launchesInWindow: number;
  seedMs: number;
  managedOnly: TimedCalls & { result: Omit<SimulationResult, "since" | "until"> };
  allEnvironments: TimedCalls & { result: Omit<SimulationResult, "since" | "until"> };
  /** count(*) of the window's launches of the tenant, through the same client. */
  baseline: TimedCalls & { count: number };
  /** simulation median / baseline median (managed only). */
  ratio: number;
  /** Both drafts' numbers equal the naive formulation's. */
  check: { ok: boolean; expected: { managedOnly: number; allEnvironments: number } };
}

interface SimulationWorld {
  tenantId: string;
  premiumId: string;
  perAppId: string;
}

const ms = (from: number) => performance.now() - from;

async function seed(sql: Sql, { users: N, launches: L }: SimulationSizes): Promise<SimulationWorld> {
  const tenantId = randomUUID();
  const domain = `simulation-${randomBytes(4).toString("hex")}.example`;
  const [managed, standard, premiumId, perAppId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const licensed = Math.floor(N * 0.3);
  await sql.query(`INSERT INTO "Tenant" ("id", "name", "domain", "autoClaimEnabled") VALUES ($1, 'Simulation Ltd', $2, true)`, [tenantId, domain]);
  await sql.query(
    `INSERT INTO "Environment" ("id", "tenantId", "name", "region", "managed") VALUES ($1, $3, 'Production', 'United States', true), ($2, $3, 'Sandbox', 'United States', false)`,
    [managed, standard, tenantId],
  );
  // 12 apps, numbered 1..12: 1–3 premium managed, 4–5 standard managed, 6–7 premium standard,
  // 8–10 standard standard, 11–12 premium flows (managed).
  await sql.exec(`DROP TABLE IF EXISTS bench_sim_apps; CREATE TEMP TABLE bench_sim_apps ("n" int PRIMARY KEY, "id" uuid NOT NULL)`);
  await sql.query(`INSERT INTO bench_sim_apps SELECT n, gen_random_uuid() FROM generate_series(1, 12) n`);
  await sql.query(
    `INSERT INTO "App" ("id", "tenantId", "environmentId", "name", "kind", "autoClaimApp", "premium")
     SELECT a."id", $1::uuid, CASE WHEN a."n" BETWEEN 6 AND 10 THEN $3::uuid ELSE $2::uuid END, 'App ' || a."n",
            (CASE WHEN a."n" >= 11 THEN 'CLOUD_FLOW' ELSE 'CANVAS' END)::"AppKind",
            (CASE WHEN a."n" >= 11 THEN 'POWER_AUTOMATE' ELSE 'POWER_APPS' END)::"AutoClaimApp",
            a."n" IN (1, 2, 3, 6, 7, 11, 12)
     FROM bench_sim_apps a`,
    [tenantId, managed, standard],
  );
  await sql.query(
    `INSERT INTO "Product" ("id", "tenantId", "skuId", "skuPartNumber", "displayName", "standaloneFor", "purchasedUnits") VALUES
       ($1, $3, gen_random_uuid(), 'POWERAPPS_PER_USER', 'Power Apps Premium', 'POWER_APPS', $4),
       ($2, $3, gen_random_uuid(), 'POWERAPPS_PER_APP_NEW', 'Power Apps per app', 'POWER_APPS', 500)`,
    [premiumId, perAppId, tenantId, licensed + 2_000],
  );
  await sql.exec(`DROP TABLE IF EXISTS bench_sim_users; CREATE TEMP TABLE bench_sim_users ("n" int PRIMARY KEY, "id" uuid NOT NULL)`);
  await sql.query(`INSERT INTO bench_sim_users SELECT n, gen_random_uuid() FROM generate_series(1, $1::int) n`, [N]);
  await sql.query(
    `INSERT INTO "User" ("id", "tenantId", "displayName", "userPrincipalName")
     SELECT u."id", $1::uuid, 'Simulated User ' || u."n", 'sim.user' || u."n" || '@' || $2::text FROM bench_sim_users u`,
    [tenantId, domain],
  );
  // People 1..30 % hold Power Apps Premium directly (the licence triggers count each row).
  await sql.query(
    `INSERT INTO "LicenseAssignment" ("id", "tenantId", "userId", "productId", "source", "disabledPlanIds")
     SELECT gen_random_uuid(), $1::uuid, u."id", $2::uuid, 'DIRECT', '{}' FROM bench_sim_users u WHERE u."n" <= $3::int`,
    [tenantId, premiumId, licensed],
  );
  // L launches over the 90 days before now, each by a random person of a random app.
  await sql.query(
    `INSERT INTO "Launch" ("id", "tenantId", "userId", "appId", "environmentId", "kind", "decision", "reason", "createdAt")
     SELECT gen_random_uuid(), $1::uuid, u."id", a."id", app."environmentId",
            (CASE WHEN app."autoClaimApp" = 'POWER_AUTOMATE' THEN 'FLOW_RUN' ELSE 'APP_LAUNCH' END)::"LaunchKind",
            'DENY', 'POLICY_OFF', (now() AT TIME ZONE 'UTC' - random() * interval '90 days')::timestamp(3)
     FROM (SELECT g, 1 + floor(random() * $2::int)::int AS un, 1 + floor(random() * 12)::int AS an FROM generate_series(1, $3::int) g) r
     JOIN bench_sim_users u ON u."n" = r."un"
     JOIN bench_sim_apps a ON a."n" = r."an"
     JOIN "App" app ON app."id" = a."id"`,
    [tenantId, N, L],
  );
  for (const table of ["Launch", "LicenseAssignment", "User", "App"]) await sql.exec(`VACUUM ANALYZE "${table}"`);
  return { tenantId, premiumId, perAppId };
}

/** The same numbers the naive way: the window's launches into a table, then filtered step by step. */
async function naiveWouldClaim(sql: Sql, world: SimulationWorld, since: Date, until: Date, allEnvironments: boolean): Promise<number> {
  await sql.exec(`DROP TABLE IF EXISTS bench_sim_window; CREATE TEMP TABLE bench_sim_window ("userId" uuid, "appId" uuid)`);
  await sql.query(`INSERT INTO bench_sim_window SELECT "userId", "appId" FROM "Launch" WHERE "tenantId" = $1 AND "createdAt" > $2 AND "createdAt" <= $3`, [
    world.tenantId,
    since,
    until,
  ]);
  const [row] = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       SELECT w."userId" FROM bench_sim_window w JOIN "App" a ON a."id" = w."appId" JOIN "Environment" e ON e."id" = a."environmentId"
       WHERE a."autoClaimApp" = 'POWER_APPS' AND (a."premium" OR e."managed") AND ($1::boolean OR e."managed")
       EXCEPT
       SELECT la."userId" FROM "LicenseAssignment" la JOIN "Product" p ON p."id" = la."productId"
       WHERE la."state" = 'ACTIVE' AND p."standaloneFor" = 'POWER_APPS'
     ) x`,
    [allEnvironments],
  );
  return row.n;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function measureSimulation(url: string, sizes: SimulationSizes, log: (line: string) => void = () => {}): Promise<SimulationBenchResult> {
  const seedStarted = performance.now();
  const world = await withPgClient(url, (c) => seed(pgSql(c), sizes));
  const seedMs = ms(seedStarted);
  log(`   seeded ${sizes.launches.toLocaleString("en")} launches of ${sizes.users.toLocaleString("en")} people in ${(seedMs / 1000).toFixed(1)} s`);

  const handle = createDb(url, { log: [{ emit: "event", level: "query" }] });
  onCleanup("close the simulation client", () => handle.close());
  const events: string[] = [];
  (handle.prisma as unknown as { $on(e: "query", cb: (e: { query: string }) => void): void }).$on("query", (e) => events.push(e.query));
  const now = new Date();
  const { since, until } = simulationWindow(now);

  async function timedCalls<T>(fn: () => Promise<T>): Promise<TimedCalls & { value: T }> {
    await fn(); // warm-up: connection, plan cache
    const times: number[] = [];
    let statements = 0;
    let value!: T;
    for (let i = 0; i < sizes.samples; i++) {
      await new Promise((r) => setTimeout(r, 10)); // stray events of the previous call arrive first
      events.length = 0;
      const started = performance.now();
      value = await fn();
      times.push(ms(started));
      await new Promise((r) => setTimeout(r, 10));
      statements = events.length;
    }
    return { value, medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times), statements };
  }

  const draft = (scope: "MANAGED_ONLY" | "ALL_ENVIRONMENTS") => ({ app: "POWER_APPS" as const, scope, productIds: [world.premiumId, world.perAppId] });
  const strip = (r: SimulationResult) => ({ wouldClaim: r.wouldClaim, availableNow: r.availableNow, wouldWait: r.wouldWait });
  const managedOnly = await timedCalls(() => simulatePolicy(handle.prisma, world.tenantId, draft("MANAGED_ONLY"), now));
  const allEnvironments = await timedCalls(() => simulatePolicy(handle.prisma, world.tenantId, draft("ALL_ENVIRONMENTS"), now));
  const baseline = await timedCalls(
    async () =>
      (
        await handle.prisma.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM "Launch" WHERE "tenantId" = ${world.tenantId}::uuid AND "createdAt" > ${since} AND "createdAt" <= ${until}`
      )[0].n,
  );
  await handle.close();

  const expected = await withPgClient(url, async (c) => ({
    managedOnly: await naiveWouldClaim(pgSql(c), world, since, until, false),
    allEnvironments: await naiveWouldClaim(pgSql(c), world, since, until, true),
  }));
  const ok = managedOnly.value.wouldClaim === expected.managedOnly && allEnvironments.value.wouldClaim === expected.allEnvironments;
  const { value: m, ...mt } = managedOnly;
  const { value: a, ...at } = allEnvironments;
  const { value: count, ...bt } = baseline;
  return {
    users: sizes.users,
    launches: sizes.launches,
    launchesInWindow: count,
    seedMs,
    managedOnly: { ...mt, result: strip(m) },
    allEnvironments: { ...at, result: strip(a) },
    baseline: { ...bt, count },
    ratio: mt.medianMs / bt.medianMs,
    check: { ok, expected },
  };
}

/** The rows of the bench's table. */
export function simulationRows(s: SimulationBenchResult): string[][] {
  const n = (x: number) => x.toLocaleString("en");
  const ms1 = (x: number) => `${(Math.round(x * 10) / 10).toFixed(1)} ms`;
  return [
    [
      `8. Simulation over ${n(s.launches)} launches (${n(s.launchesInWindow)} in the 30 days): count of the window alone`,
      ms1(s.baseline.medianMs),
      `${s.baseline.statements} statement`,
      "",
      "",
    ],
    [
      `   simulatePolicy, managed only (${n(s.managedOnly.result.wouldClaim)} would claim, ${n(s.managedOnly.result.wouldWait)} would wait)`,
      ms1(s.managedOnly.medianMs),
      `${s.managedOnly.statements} statement`,
      `× ${s.ratio.toFixed(2)}`,
      "",
    ],
    [
      `   simulatePolicy, all environments (${n(s.allEnvironments.result.wouldClaim)} would claim)`,
      ms1(s.allEnvironments.medianMs),
      `${s.allEnvironments.statements} statement`,
      `× ${(s.allEnvironments.medianMs / s.baseline.medianMs).toFixed(2)}`,
      "",
    ],
    ["   check", s.check.ok ? "equal to the naive count" : `CHECK FAILED ${JSON.stringify(s.check.expected)}`, "", "", ""],
  ];
}
