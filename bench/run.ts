/**
 * `npm run bench` — builds the app into .next-bench, starts it with `next start` on 127.0.0.1,
 * seeds a large tenant on a fresh PostgreSQL database (dropped at the end), and measures:
 *
 *   1. the already-licensed launch (POST /api/v1/launches) against two baselines in the same run:
 *      an empty route handler (GET /api/v1/ping, the framework's ceiling) and a bare node:http
 *      server running the same SQL through pg (the machine's ceiling);
 *   2. the claim path (each request a different unlicensed user);
 *   3. the claim storm (N distinct users, few units) on PGlite in-process and on PostgreSQL over
 *      HTTP through two `next start` processes, with the invariant check;
 *   4. the report page and the CSV export at scale, once they exist (skipped with a line until then);
 *   5. SQL statements per decision (counted, not timed);
 *   6. serving a waiting list: W people waiting when the admin adds U units (setPurchasedUnits, time
 *      and statements), against a plain bulk assignment of U people in one transaction, on
 *      PostgreSQL and on PGlite in-process;
 *   7. a reclaim run over the large tenant (A auto-claims, L launches): report only, notices, then
 *      releases eight days later — time and statements against the plain candidate query alone
 *      (last: it releases licences of the tenant);
 *   8. a policy's simulation (SPEC §8.5) over L launches of its own tenant: simulatePolicy's time and
 *      statements against a plain count of the same 30 days' launches (bench/lib/simulation.ts);
 * plus a sequential time breakdown per statement, and with --profile a CPU profile of next start.
 *
 * Prints a table and writes bench/results/<date>.json. Flags:
 *   --smoke          tiny sizes, ~2 s per measurement; reuses an existing .next-bench build
 *   --reuse-build    skip `next build` when .next-bench holds a build
 *   --profile        also profile next start under the licensed load (node --cpu-prof)
 *   --serving-only   only measurement 6, on a fresh database (no build, no server, no large tenant)
 *   --reclaim-only   only measurement 7, on a freshly seeded large tenant (no build, no server)
 *   --simulation-only  only measurement 8, on a fresh database (no build, no server)
 * Environment: BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres),
 * BENCH_PORT (first of seven ports, default 3510).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { createDb } from "@/server/db/client";
import { postgresReachable } from "../tests/setup/postgres";
import { breakdown, type Breakdown } from "./lib/breakdown";
import { installExitHandlers, onCleanup, runCleanups } from "./lib/cleanup";
import { FULL, SMOKE, type BenchConfig } from "./lib/config";
import { BENCH_POSTGRES_URL, createPGliteBenchDb, createPostgresBenchDb, pgliteSql, pgSql, withPgClient } from "./lib/db";
import { captureLaunchSql, launchSqlInputOf } from "./lib/launch-sql";
import { runLoad, type LoadResult } from "./lib/load";
import { goalsMarkdown, goalsOf } from "./lib/goals";
import { machine } from "./lib/machine";
import { BENCH_DIST_DIR, hasBuild, LOG_DIR, nextBuild, root, startBare, startNext, type Server } from "./lib/processes";
import { summariseProfile } from "./lib/profile";
import {
  findReportTargets,
  signIn,
  timeCsv,
  timePage,
  timePageVariants,
  timeReportQueriesOnPGlite,
  type CsvTiming,
  type PageTiming,
  type VariantTiming,
} from "./lib/reports";
import { seedBenchTenant, seedStormTenant } from "./lib/seed";
import { measureReclaim, type ReclaimResult } from "./lib/reclaim";
import { measureSimulation, SIMULATION_FULL, SIMULATION_SMOKE, simulationRows, type SimulationBenchResult } from "./lib/simulation";
import { measureServingBoth, type ServingResult } from "./lib/serving";
import { countStatements, type StatementCount } from "./lib/statements";
import { stormHttp, stormInProcess, type StormResult } from "./lib/storm";

const args = new Set(process.argv.slice(2));
const config: BenchConfig = args.has("--smoke") ? SMOKE : FULL;
const reuseBuild = args.has("--reuse-build") || config.smoke;
const profile = args.has("--profile");
const servingOnly = args.has("--serving-only");
const reclaimOnly = args.has("--reclaim-only");
const simulationOnly = args.has("--simulation-only");
const basePort = Number(process.env.BENCH_PORT ?? 3510);

const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function assertPortFree(port: number) {
  await new Promise<void>((resolve, reject) => {
    const s = net.createServer();
    s.once("error", () => reject(new Error(`port ${port} on 127.0.0.1 is taken; set BENCH_PORT to another base port`)));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve()));
  });
}

type StormRun = StormResult & { engine: "postgres" | "pglite"; processes: number; where: string };

interface Results {
  date: string;
  mode: "full" | "smoke";
  /** Set when the run measured only that (--serving-only, --reclaim-only). */
  only?: "serving" | "reclaim" | "simulation";
  config: BenchConfig;
  machine: { before: ReturnType<typeof machine>; loadAfter?: number[] };
  postgres?: string;
  buildMs: number | "reused";
  seed?: Awaited<ReturnType<typeof seedBenchTenant>>["timings"] & { users: number; assignments: number; launches: number };
  launchLicensed?: {
    emptyRoute: LoadResult;
    launch: LoadResult;
    bare: LoadResult;
    bareWithToken: LoadResult;
    ratios: { launchOverEmptyRoute: number; launchOverBare: number; launchOverBareWithToken: number };
  };
  serial?: { emptyRoute: LoadResult; launch: LoadResult; bare: LoadResult };
  launchClaim?: LoadResult & {
    reasons: string;
    /** The bare server with the token check running the same claim statement (ADR 34). */
    bare?: LoadResult;
    ratios?: { claimOverBareClaim: number; claimOverLicensedLaunch: number };
  };
  /** Before issue 18's bench: one storm per engine. */
  storm?: { pglite: StormResult & { where: string }; postgres: StormResult & { where: string } };
  storms?: StormRun[];
  reports?: {
    page: PageTiming | { skipped: string };
    csv: CsvTiming | { skipped: string };
    /** The page's other orders and its search: PostgreSQL over HTTP, and PGlite in-process (getReportPage). */
    variants?: { postgres: VariantTiming[]; pglite: VariantTiming[] };
  };
  statements?: StatementCount[];
  serving?: { postgres: ServingResult; pglite: ServingResult };
  reclaim?: ReclaimResult;
  simulation?: SimulationBenchResult;
  breakdown?: Breakdown;
  profile?: ReturnType<typeof summariseProfile> & { file: string; requests: number };
  totalMs?: number;
}

async function main() {
  installExitHandlers();
  const started = Date.now();
  const results: Results = { date: new Date().toISOString(), mode: config.smoke ? "smoke" : "full", config, machine: { before: machine() }, buildMs: "reused" };
  log(
    `${results.mode} run on ${results.machine.before.cores} cores (${results.machine.before.cpuModel}), load ${results.machine.before.loadAverage.join(" ")}`,
  );
  if (!(await postgresReachable(BENCH_POSTGRES_URL))) throw new Error(`PostgreSQL is not reachable at ${BENCH_POSTGRES_URL} (set BENCH_POSTGRES_URL)`);
  if (servingOnly) {
    results.only = "serving";
    const db = await createPostgresBenchDb(config.smoke ? "bench_smoke" : "bench");
    results.postgres = await withPgClient(db.url, async (c) => (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0].v);
    results.serving = await measureServingAndLog(db.url);
    await db.drop();
    results.machine.loadAfter = machine().loadAverage;
    results.totalMs = Date.now() - started;
    return results;
  }
  if (simulationOnly) {
    results.only = "simulation";
    const db = await createPostgresBenchDb(config.smoke ? "bench_smoke" : "bench");
    results.postgres = await withPgClient(db.url, async (c) => (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0].v);
    results.simulation = await measureSimulationAndLog(db.url);
    await db.drop();
    results.machine.loadAfter = machine().loadAverage;
    results.totalMs = Date.now() - started;
    return results;
  }
  if (reclaimOnly) {
    results.only = "reclaim";
    const db = await createPostgresBenchDb(config.smoke ? "bench_smoke" : "bench");
    results.postgres = await withPgClient(db.url, async (c) => (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0].v);
    log(`seeding ${config.assignments.toLocaleString("en")} assignments, ${config.launches.toLocaleString("en")} launches`);
    const { world, timings } = await withPgClient(db.url, (c) => seedBenchTenant(pgSql(c), config, (line) => log(`   ${line}`)));
    results.seed = { ...timings, users: config.users, assignments: config.assignments, launches: config.launches };
    results.reclaim = await measureReclaimAndLog(db.url, world);
    await db.drop();
    results.machine.loadAfter = machine().loadAverage;
    results.totalMs = Date.now() - started;
    return results;
  }
  const ports = {
    next: basePort,
    next2: basePort + 1,
    bare: basePort + 2,
    bareToken: basePort + 3,
    profiled: basePort + 4,
    next3: basePort + 5,
    next4: basePort + 6,
  };
  for (const p of Object.values(ports)) await assertPortFree(p);

  // Build (its own output directory; a smoke run reuses one).
  if (reuseBuild && hasBuild()) log(`reusing the build in ${BENCH_DIST_DIR}`);
  else {
    log(`next build → ${BENCH_DIST_DIR} (log: bench/results/logs/next-build.log)`);
    results.buildMs = await nextBuild();
    log(`built in ${round(results.buildMs / 1000)} s`);
  }

  // A fresh database, seeded set-based.
  const db = await createPostgresBenchDb(config.smoke ? "bench_smoke" : "bench");
  log(
    `database ${db.name}; seeding ${config.users.toLocaleString("en")} users, ${config.assignments.toLocaleString("en")} assignments, ${config.launches.toLocaleString("en")} launches`,
  );
  const { world, timings } = await withPgClient(db.url, (c) => seedBenchTenant(pgSql(c), config, (line) => log(`   ${line}`)));
  results.seed = { ...timings, users: config.users, assignments: config.assignments, launches: config.launches };
  results.postgres = await withPgClient(db.url, async (c) => (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0].v);
  log(
    `seeded in ${round(timings.totalMs / 1000)} s: users ${round(timings.usersMs / 1000)} s, launches ${round(timings.launchesMs / 1000)} s, ` +
      `assignments ${round(timings.assignmentsMs / 1000)} s, vacuum analyze ${round(timings.vacuumAnalyzeMs / 1000)} s`,
  );

  // 5. Statements per decision (in-process, counted).
  results.statements = await countStatements(db.url);
  log(`statements: ${results.statements.map((s) => `${s.path.split(" ")[0]} ${s.statements}`).join(", ")}`);

  // 6. Serving a waiting list (in-process): PostgreSQL on this database, then PGlite.
  results.serving = await measureServingAndLog(db.url);

  // The SQL of the decision, captured from recordLaunch itself, for the bare server.
  const logged = createDb(db.url, { log: [{ emit: "event", level: "query" }] });
  onCleanup("close the capturing client", () => logged.close());
  const launchSql = await captureLaunchSql(logged.prisma, launchSqlInputOf(world));
  await logged.close();
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const sqlFile = path.join(LOG_DIR, "launch-sql.json");
  fs.writeFileSync(sqlFile, JSON.stringify(launchSql, null, 2));

  // Sequential breakdown, in-process.
  const plain = createDb(db.url);
  onCleanup("close the breakdown client", () => plain.close());
  results.breakdown = await breakdown(
    db.url,
    plain.prisma,
    launchSql,
    {
      tenantId: world.tenantId,
      appId: world.apps.premiumManaged,
      token: world.token,
      userIds: world.licensedUserIds,
      upnOf: (i) => `bench.user${i + 1}@${world.domain}`,
      // Claims of Power Automate Premium by the last users; the claim-path load takes users from the first.
      claim: { appId: world.apps.premiumFlow, userIds: world.allUserIds.slice(-Math.min(2_000, Math.floor(world.allUserIds.length / 4))) },
    },
    config.breakdownSamples,
  );
  await plain.close();
  for (const t of results.breakdown.timings) log(`  ${t.what}: p50 ${round(t.p50Ms, 2)} ms`);
  log(`  plans: facts by id ${results.breakdown.plans.factsById.join(", ")}; by UPN ${results.breakdown.plans.factsByUpn.join(", ")}`);

  // Servers.
  const appEnv = { DATABASE_URL: db.url, DEMO_MODE: "true", AUTH_SECRET: randomBytes(24).toString("hex") };
  log("starting next start, the bare server and the bare server with the token check");
  const [next, bare, bareToken] = await Promise.all([
    startNext("next-start-1", ports.next, appEnv),
    startBare("bare", ports.bare, { BARE_DATABASE_URL: db.url, BARE_SQL_FILE: sqlFile, BARE_TENANT_ID: world.tenantId }),
    startBare("bare-token", ports.bareToken, { BARE_DATABASE_URL: db.url, BARE_SQL_FILE: sqlFile, BARE_WITH_TOKEN: "1" }),
  ]);
  const base = (s: Server) => `http://127.0.0.1:${s.port}`;
  const auth = { authorization: `Bearer ${world.token}` };
  const licensed = world.licensedUserIds;
  const randomLicensed = () => JSON.stringify({ user: licensed[Math.floor(Math.random() * licensed.length)], app: world.apps.premiumManaged });
  const load = (url: string, extra: Partial<Parameters<typeof runLoad>[0]> = {}, seconds = config.seconds, connections = config.connections) =>
    runLoad({ url, connections, seconds, ...extra });
  const launchOpts = { method: "POST" as const, headers: auth, body: randomLicensed, expect: '"reason":"LICENSED"' };
  const pingOpts = { expect: '"ok":true' };

  // 1. Already-licensed path and its baselines (after a warm-up of each).
  log(`warm-up (${config.warmupSeconds} s each)`);
  await load(`${base(next)}/api/v1/ping`, pingOpts, config.warmupSeconds);
  await load(`${base(next)}/api/v1/launches`, launchOpts, config.warmupSeconds);
  await load(`${base(bare)}/api/v1/launches`, launchOpts, config.warmupSeconds);
  await load(`${base(bareToken)}/api/v1/launches`, launchOpts, config.warmupSeconds);
  log(`1. licensed launch vs baselines: ${config.connections} connections, ${config.seconds} s each`);
  const emptyRoute = await load(`${base(next)}/api/v1/ping`, pingOpts);
  const launch = await load(`${base(next)}/api/v1/launches`, launchOpts);
  const bareResult = await load(`${base(bare)}/api/v1/launches`, launchOpts);
  const bareTokenResult = await load(`${base(bareToken)}/api/v1/launches`, launchOpts);
  results.launchLicensed = {
    emptyRoute,
    launch,
    bare: bareResult,
    bareWithToken: bareTokenResult,
    ratios: {
      launchOverEmptyRoute: launch.requestsPerSecond / emptyRoute.requestsPerSecond,
      launchOverBare: launch.requestsPerSecond / bareResult.requestsPerSecond,
      launchOverBareWithToken: launch.requestsPerSecond / bareTokenResult.requestsPerSecond,
    },
  };
  log(`   launch ${round(launch.requestsPerSecond)} req/s, empty route ${round(emptyRoute.requestsPerSecond)}, bare ${round(bareResult.requestsPerSecond)}`);
  log(`serial latency: 1 connection, ${config.serialSeconds} s each`);
  results.serial = {
    emptyRoute: await load(`${base(next)}/api/v1/ping`, pingOpts, config.serialSeconds, 1),
    launch: await load(`${base(next)}/api/v1/launches`, launchOpts, config.serialSeconds, 1),
    bare: await load(`${base(bare)}/api/v1/launches`, launchOpts, config.serialSeconds, 1),
  };
  // 2. Claim path: every request a different user claiming Power Automate Premium (N units) — through
  // next start (users from the first), and through the bare server with the token check running the
  // same one claim statement (users from the middle on: the capture claimed the middle one).
  let nextClaimer = 0;
  const claimers = world.allUserIds;
  const claimBody = () => JSON.stringify({ user: claimers[nextClaimer++ % claimers.length], app: world.apps.premiumFlow });
  let nextBareClaimer = Math.floor(claimers.length / 2) + 1;
  const bareClaimBody = () => JSON.stringify({ user: claimers[nextBareClaimer++ % claimers.length], app: world.apps.premiumFlow });
  log(`2. claim path: ${config.connections} connections, ${config.seconds} s, next start and the bare server`);
  const claimOpts = { method: "POST" as const, headers: auth, body: claimBody, expect: '"reason":"AUTO_CLAIMED"' };
  const bareClaimOpts = { ...claimOpts, body: bareClaimBody };
  await load(`${base(next)}/api/v1/launches`, claimOpts, config.warmupSeconds);
  await load(`${base(bareToken)}/api/v1/launches`, bareClaimOpts, config.warmupSeconds);
  const claim = await load(`${base(next)}/api/v1/launches`, claimOpts);
  const bareClaim = await load(`${base(bareToken)}/api/v1/launches`, bareClaimOpts);
  await Promise.all([bare.stop(), bareToken.stop()]);
  const reasons = await withPgClient(
    db.url,
    async (c) =>
      (
        await c.query<{ reason: string; n: number }>(
          `SELECT "reason"::text AS "reason", count(*)::int AS "n" FROM "Launch" WHERE "appId" = $1 GROUP BY 1 ORDER BY 1`,
          [world.apps.premiumFlow],
        )
      ).rows,
  );
  const claimRatios = {
    claimOverBareClaim: claim.requestsPerSecond / bareClaim.requestsPerSecond,
    claimOverLicensedLaunch: claim.requestsPerSecond / launch.requestsPerSecond,
  };
  results.launchClaim = { ...claim, reasons: reasons.map((r) => `${r.reason} ${r.n}`).join(", "), bare: bareClaim, ratios: claimRatios };
  if (nextClaimer > Math.floor(claimers.length / 2) || nextBareClaimer - Math.floor(claimers.length / 2) > claimers.length / 2)
    log(`   warning: the claim loads asked more claims than they have users of their own: some requests reused a user`);
  log(
    `   ${round(claim.requestsPerSecond)} req/s, p99 ${claim.p99Ms} ms (${results.launchClaim.reasons}); bare claim ${round(bareClaim.requestsPerSecond)} req/s; ` +
      `claim / bare claim ${claimRatios.claimOverBareClaim.toFixed(2)}, claim / licensed launch ${claimRatios.claimOverLicensedLaunch.toFixed(2)}`,
  );

  // 3. Claim storms: N distinct users at once for N/10 units, 1,000 and 10,000 users, on PostgreSQL
  // over HTTP through 2 and then 4 next start processes, and on PGlite in-process. Each storm has a
  // tenant of its own, seeded just before it.
  const next2 = await startNext("next-start-2", ports.next2, appEnv);
  const stormSizes = [
    { users: config.stormUsers, units: config.stormUnits },
    { users: config.bigStormUsers, units: config.bigStormUnits },
  ];
  const storms: StormRun[] = [];
  const logStorm = (r: StormRun) =>
    log(`   ${r.users} users / ${r.units} units, ${r.where}: ${round(r.ms)} ms (${JSON.stringify(r.reasons)}, invariant ${r.invariant.ok ? "ok" : "BROKEN"})`);
  for (const size of stormSizes) {
    log(`3. claim storm: ${size.users} users for ${size.units} units, PostgreSQL, 2 processes`);
    const world2 = await withPgClient(db.url, (c) => seedStormTenant(pgSql(c), size));
    const r = await withPgClient(db.url, (c) => stormHttp([base(next), base(next2)], pgSql(c), world2));
    storms.push({
      ...r,
      engine: "postgres",
      processes: 2,
      where: "PostgreSQL: POST /api/v1/launches over HTTP, split across 2 next start processes (pool of 10 each)",
    });
    logStorm(storms.at(-1)!);
  }
  log("   starting 2 more next start processes");
  const [next3, next4] = await Promise.all([startNext("next-start-3", ports.next3, appEnv), startNext("next-start-4", ports.next4, appEnv)]);
  for (const size of stormSizes) {
    log(`3. claim storm: ${size.users} users for ${size.units} units, PostgreSQL, 4 processes`);
    const world4 = await withPgClient(db.url, (c) => seedStormTenant(pgSql(c), size));
    const r = await withPgClient(db.url, (c) => stormHttp([next, next2, next3, next4].map(base), pgSql(c), world4));
    storms.push({
      ...r,
      engine: "postgres",
      processes: 4,
      where: "PostgreSQL: POST /api/v1/launches over HTTP, split across 4 next start processes (pool of 10 each)",
    });
    logStorm(storms.at(-1)!);
  }
  await Promise.all([next2.stop(), next3.stop(), next4.stop()]);
  for (const size of stormSizes) {
    log(`3. claim storm: ${size.users} users for ${size.units} units, PGlite in-process`);
    const pglite = await createPGliteBenchDb();
    onCleanup("close PGlite", () => pglite.close());
    const liteWorld = await seedStormTenant(pgliteSql(pglite.pglite!), size);
    const r = await stormInProcess(pglite.prisma, pgliteSql(pglite.pglite!), liteWorld);
    await pglite.close();
    storms.push({ ...r, engine: "pglite", processes: 1, where: "PGlite in memory: recordLaunch in-process, one connection" });
    logStorm(storms.at(-1)!);
  }
  results.storms = storms;

  // 4. Reports, when they exist.
  const targets = findReportTargets(world.policies.powerApps);
  const reports: NonNullable<Results["reports"]> = {
    page: "skipped" in targets.page ? targets.page : { skipped: "" },
    csv: "skipped" in targets.csv ? targets.csv : { skipped: "" },
  };
  if (!("skipped" in targets.page) || !("skipped" in targets.csv)) {
    const cookie = await signIn(base(next), world.admin.upn, world.admin.password);
    if (!("skipped" in targets.page)) {
      log(`4. report page: ${config.reportRequests} requests`);
      reports.page = await timePage(base(next), targets.page.path, cookie, config.reportRequests);
      log(`4. report page, other orders and search: ${config.reportRequests} requests each`);
      const postgres = await timePageVariants(base(next), targets.page.path, cookie, config.reportRequests);
      log(`4. the same on PGlite in-process (${config.assignments} assignments)`);
      reports.variants = { postgres, pglite: await timeReportQueriesOnPGlite(config.assignments, config.reportRequests) };
    }
    if (!("skipped" in targets.csv)) {
      log(`4. CSV export: ${targets.csv.path}`);
      reports.csv = await timeCsv(base(next), targets.csv.path, cookie, next.servingPid());
    }
  }
  for (const r of [reports.page, reports.csv]) if ("skipped" in r) log(`4. ${r.skipped}`);
  results.reports = reports;
  await next.stop();

  // Optional: where next start's CPU goes under the licensed load.
  if (profile) {
    const dir = path.join(LOG_DIR, `cpu-profile-${Date.now()}`);
    log(`profiling next start under the licensed load (${config.seconds} s) → ${path.relative(root, dir)}`);
    const profiled = await startNext("next-start-profiled", ports.profiled, appEnv, ["--cpu-prof", `--cpu-prof-dir=${dir}`]);
    await load(`${base(profiled)}/api/v1/launches`, launchOpts, config.warmupSeconds);
    const fromUs = Number(process.hrtime.bigint() / 1000n);
    const profiledLoad = await load(`${base(profiled)}/api/v1/launches`, launchOpts);
    const toUs = Number(process.hrtime.bigint() / 1000n);
    await profiled.stop();
    // --cpu-prof writes one file per process on exit; the server's is the largest.
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => path.join(dir, f)) : [];
    const file = files.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
    if (file) results.profile = { ...summariseProfile(file, { fromUs, toUs }), file: path.relative(root, file), requests: profiledLoad.requests };
    else log("   no profile was written (the server did not exit cleanly)");
  }

  // 8. A policy's simulation, over its own tenant's launches.
  results.simulation = await measureSimulationAndLog(db.url);

  // 7. A reclaim run over the large tenant: last, as it releases some of its licences.
  results.reclaim = await measureReclaimAndLog(db.url, world);

  await db.drop();
  results.machine.loadAfter = machine().loadAverage;
  results.totalMs = Date.now() - started;
  return results;
}

async function measureReclaimAndLog(url: string, world: Awaited<ReturnType<typeof seedBenchTenant>>["world"]): Promise<ReclaimResult> {
  log(`7. reclaim runs over ${config.assignments.toLocaleString("en")} auto-claims and ${config.launches.toLocaleString("en")} launches`);
  const logged = createDb(url, { log: [{ emit: "event", level: "query" }] });
  onCleanup("close the reclaim client", () => logged.close());
  const r = await withPgClient(url, (c) =>
    measureReclaim(pgSql(c), logged.prisma, world, config, "PostgreSQL: performDueRuns in-process, Prisma over pg, on the large tenant"),
  );
  await logged.close();
  log(
    `   candidate query ${round(r.baseline.ms)} ms; report only ${round(r.reportOnly.ms)} ms, notices ${round(r.notices.ms)} ms (${r.notices.noticesSent}), ` +
      `releases ${round(r.releases.ms)} ms (${r.releases.released}); check ${r.check.ok ? "ok" : `FAILED ${JSON.stringify(r.check)}`}`,
  );
  return r;
}

async function measureSimulationAndLog(url: string): Promise<SimulationBenchResult> {
  const sizes = config.smoke ? SIMULATION_SMOKE : SIMULATION_FULL;
  log(`8. simulation: ${sizes.launches.toLocaleString("en")} launches of ${sizes.users.toLocaleString("en")} people`);
  const s = await measureSimulation(url, sizes, log);
  log(
    `   simulatePolicy ${round(s.managedOnly.medianMs)} ms (${s.managedOnly.statements} statement), count alone ${round(s.baseline.medianMs)} ms; check ${s.check.ok ? "ok" : "FAILED"}`,
  );
  return s;
}

async function measureServingAndLog(url: string): Promise<NonNullable<Results["serving"]>> {
  log(`6. serving a waiting list: ${config.servingWaiting.toLocaleString("en")} waiting, ${config.servingUnits.toLocaleString("en")} units added`);
  const serving = await measureServingBoth(url, { waiting: config.servingWaiting, units: config.servingUnits });
  for (const [name, s] of Object.entries(serving))
    log(
      `   ${name}: serving ${round(s.serving.ms)} ms (${s.serving.statements} statements), bulk assignment ${round(s.bulk.ms)} ms, ratio ${s.ratio.toFixed(2)}; ` +
        `check ${s.check.ok ? "ok" : `FAILED ${JSON.stringify(s.check)}`}`,
    );
  return serving;
}

function printTable(r: Results) {
  const rows: string[][] = [];
  const rps = (x: LoadResult) => [
    round(x.requestsPerSecond).toFixed(1),
    x.p50Ms.toFixed(1),
    x.p99Ms.toFixed(1),
    x.non2xx || x.errors || x.unexpected ? `${x.non2xx} non-2xx, ${x.errors} errors, ${x.unexpected} unexpected` : "",
  ];
  if (r.launchLicensed) {
    const l = r.launchLicensed;
    rows.push(["1. Launch, already licensed", "req/s", "p50 ms", "p99 ms", ""]);
    rows.push(["   empty route GET /api/v1/ping", ...rps(l.emptyRoute)]);
    rows.push(["   POST /api/v1/launches", ...rps(l.launch)]);
    rows.push(["   bare node:http + pg (facts, insert)", ...rps(l.bare)]);
    rows.push(["   bare + token look-up (3 statements)", ...rps(l.bareWithToken)]);
    rows.push(["   launch / empty route", l.ratios.launchOverEmptyRoute.toFixed(2), "", "", ""]);
    rows.push(["   launch / bare", l.ratios.launchOverBare.toFixed(2), "", "", ""]);
    rows.push(["   launch / bare + token", l.ratios.launchOverBareWithToken.toFixed(2), "", "", ""]);
  }
  if (r.serial) {
    rows.push([
      "   1 connection: ping / launch / bare (req/s)",
      [r.serial.emptyRoute, r.serial.launch, r.serial.bare].map((x) => round(x.requestsPerSecond).toFixed(0)).join(" / "),
      "",
      "",
      "",
    ]);
  }
  if (r.launchClaim) {
    rows.push(["2. Launch, claim path", ...rps(r.launchClaim)]);
    if (r.launchClaim.bare) rows.push(["   bare + token, the same claim statement", ...rps(r.launchClaim.bare)]);
    if (r.launchClaim.ratios) {
      rows.push(["   claim / bare claim", r.launchClaim.ratios.claimOverBareClaim.toFixed(2), "", "", ""]);
      rows.push(["   claim / licensed launch", r.launchClaim.ratios.claimOverLicensedLaunch.toFixed(2), "", "", ""]);
    }
    rows.push(["   reasons recorded", r.launchClaim.reasons, "", "", ""]);
  }
  for (const s of r.storms ?? []) {
    rows.push([
      `3. Storm ${s.users} users / ${s.units} units, ${s.engine === "pglite" ? "PGlite (in-process)" : `PostgreSQL (HTTP, ${s.processes} processes)`}`,
      `${round(s.ms)} ms`,
      `claimed ${s.invariant.claimed}`,
      `consumed ${s.invariant.consumed}/${s.invariant.purchased}`,
      s.invariant.ok ? "invariant ok" : "INVARIANT BROKEN",
    ]);
  }
  if (r.storm) {
    for (const [name, s] of [
      ["PostgreSQL (HTTP, 2 processes)", r.storm.postgres],
      ["PGlite (in-process)", r.storm.pglite],
    ] as const) {
      rows.push([
        `3. Storm ${s.users} users / ${s.units} units, ${name}`,
        `${round(s.ms)} ms`,
        `claimed ${s.invariant.claimed}`,
        `consumed ${s.invariant.consumed}/${s.invariant.purchased}`,
        s.invariant.ok ? "invariant ok" : "INVARIANT BROKEN",
      ]);
    }
  }
  if (r.reports) {
    const p = r.reports.page;
    rows.push([
      "skipped" in p ? `4. ${p.skipped}` : "4. Report page (HTML, signed in)",
      "skipped" in p ? "" : `${p.requests} req`,
      "skipped" in p ? "" : p.p50Ms.toFixed(1),
      "skipped" in p ? "" : p.p99Ms.toFixed(1),
      "",
    ]);
    for (const [where, list] of Object.entries(r.reports.variants ?? {})) {
      for (const v of list) rows.push([`4. Report page, ${v.name} (${where})`, `${v.requests} req`, v.p50Ms.toFixed(1), v.p99Ms.toFixed(1), ""]);
    }
    const c = r.reports.csv;
    rows.push([
      "skipped" in c ? `4. ${c.skipped}` : `4. CSV export, ${c.rows} rows`,
      "skipped" in c ? "" : `${round(c.ms)} ms`,
      "skipped" in c ? "" : `${round(c.bytes / 1e6)} MB`,
      "skipped" in c ? "" : `RSS +${round(c.rssGrowthMb)} MB`,
      "",
    ]);
  }
  if (r.statements) for (const s of r.statements) rows.push([`5. Statements: ${s.path}`, String(s.statements), "", "", ""]);
  if (r.serving) {
    for (const [name, s] of [
      ["PostgreSQL", r.serving.postgres],
      ["PGlite", r.serving.pglite],
    ] as const) {
      const n = (x: number) => x.toLocaleString("en");
      rows.push([
        `6. Waiting list of ${n(s.waiting)}, ${n(s.units)} units added (setPurchasedUnits), ${name}`,
        `${round(s.serving.ms)} ms`,
        `${s.serving.statements} statements`,
        `served ${n(s.check.served)}, ${n(s.check.stillWaiting)} wait`,
        s.check.ok ? "oldest first, consumed ≤ purchased" : "CHECK FAILED",
      ]);
      rows.push([`   bulk assignment of ${n(s.units)}, one transaction`, `${round(s.bulk.ms)} ms`, `${s.bulk.statements} statements`, "", ""]);
      rows.push([`   assignLicenses × ${n(s.units)}, one transaction each`, `${round(s.perPerson.ms)} ms`, `${s.perPerson.statements} statements`, "", ""]);
      rows.push(["   serving / bulk assignment", s.ratio.toFixed(2), "", "", ""]);
    }
  }
  if (r.reclaim) {
    const c = r.reclaim;
    const n = (x: number) => x.toLocaleString("en");
    rows.push([
      `7. Reclaim over ${n(c.assignments)} auto-claims, ${n(c.launches)} launches: candidate query alone`,
      `${round(c.baseline.ms)} ms`,
      `${c.baseline.statements} statement`,
      `${n(c.baseline.rows)} holdings`,
      "",
    ]);
    for (const [name, t, ratio] of [
      ["report only", c.reportOnly, c.ratios.reportOnly],
      ["enforce: notices", c.notices, c.ratios.notices],
      ["8 days later: releases", c.releases, c.ratios.releases],
    ] as const)
      rows.push([
        `   run, ${name} (${n(t.candidates)} candidates, ${n(t.noticesSent)} notices, ${n(t.released)} released)`,
        `${round(t.ms)} ms`,
        `${t.statements} statements`,
        `× ${ratio.toFixed(2)}`,
        "",
      ]);
    rows.push(["   check", c.check.ok ? "released = notices, each once, units freed" : "CHECK FAILED", "", "", ""]);
  }
  if (r.simulation) rows.push(...simulationRows(r.simulation));
  if (r.seed) {
    const s = r.seed;
    rows.push([`Seed: ${s.users} users, ${s.assignments} assignments, ${s.launches} launches`, `${round(s.totalMs / 1000)} s`, "", "", ""]);
    rows.push(["   users / launches", `${round(s.usersMs / 1000, 2)} s`, `${round(s.launchesMs / 1000, 2)} s`, "", ""]);
    rows.push([
      `   assignments, ${s.assignmentBatch} per statement (triggers) / same rows, no triggers or FKs`,
      `${round(s.assignmentsMs / 1000, 2)} s`,
      `${round(s.assignmentsNoTriggersMs / 1000, 2)} s`,
      `${round((s.assignmentsMs * 1000) / s.assignments, 1)} µs/row`,
      "",
    ]);
    for (const p of s.singleStatement)
      rows.push([
        `   ${p.rows} assignments in ONE statement (rolled back)`,
        `${round(p.ms / 1000, 2)} s`,
        "",
        `${round((p.ms * 1000) / p.rows, 1)} µs/row`,
        "",
      ]);
  }
  if (r.breakdown) {
    rows.push(["Sequential, in-process (one at a time)", "", "p50 ms", "mean ms", ""]);
    for (const t of r.breakdown.timings) rows.push([`   ${t.what}`, "", t.p50Ms.toFixed(2), t.meanMs.toFixed(2), ""]);
  }
  if (r.profile) {
    rows.push([`CPU profile of next start, licensed load: ${round(r.profile.totalMs / r.profile.requests, 2)} ms CPU per request`, "", "", "", ""]);
    for (const s of r.profile.shares.slice(0, 10)) rows.push([`   ${s.category}`, `${round(s.share * 100)} %`, "", "", ""]);
  }
  const goals = goalsOf(r);
  if (goals.length) {
    console.log("");
    console.log("Goals (issue 18), this run:");
    console.log(goalsMarkdown(goals));
  }
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...rows.map((row) => (row[i] ?? "").length)));
  console.log("");
  for (const row of rows)
    console.log(
      row
        .map((c, i) => (i === 0 ? (c ?? "").padEnd(widths[i]) : (c ?? "").padStart(widths[i])))
        .join("  ")
        .trimEnd(),
    );
  console.log("");
}

function writeResults(r: Results): string {
  const dir = path.join(root, "bench", "results");
  fs.mkdirSync(dir, { recursive: true });
  const day = r.date.slice(0, 10);
  const stem = [day, r.mode === "smoke" ? "smoke" : null, r.only ?? null].filter(Boolean).join("-");
  let file = path.join(dir, `${stem}.json`);
  if (r.mode === "full" && !r.only && fs.existsSync(file)) file = path.join(dir, `${stem}T${r.date.slice(11, 16).replace(":", "")}.json`);
  fs.writeFileSync(file, `${JSON.stringify({ ...r, goals: goalsOf(r) }, null, 2)}\n`);
  return path.relative(root, file);
}

let exitCode = 0;
try {
  const results = await main();
  printTable(results);
  const file = writeResults(results);
  log(
    `written ${file}; took ${round((results.totalMs ?? 0) / 1000)} s; load before ${results.machine.before.loadAverage.join(" ")}, after ${results.machine.loadAfter?.join(" ")}`,
  );
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  if (error instanceof Error && error.cause) console.error("cause:", error.cause);
  exitCode = 1;
} finally {
  await runCleanups();
}
process.exit(exitCode);
