/**
 * `npx tsx bench/reports-scale.ts [--rows 100000] [--launches 1000000] [--pglite]` — the policy report
 * and its CSV export at full size, without a build: a fresh PostgreSQL database (dropped at the end)
 * seeded with bench/lib/seed.ts's large tenant, then, in-process through the domain functions the
 * page and the route call:
 *   - the CSV export read to the end, in the default order and in two others (time, rows, bytes,
 *     this process's heap and RSS growth);
 *   - getReportPage in the default order, the other orders and the search (p50 / p99 of n calls);
 *   - with --pglite, the same page timings on an in-memory PGlite with `rows` assignments.
 * Prints JSON. (`npm run bench` measures the same over HTTP through next start.)
 */
import { createDb } from "@/server/db/client";
import { runCleanups } from "./lib/cleanup";
import { createPostgresBenchDb, pgSql, withPgClient } from "./lib/db";
import { timeCsvInProcess, timeReportQueries, timeReportQueriesOnPGlite } from "./lib/reports";
import { seedBenchTenant } from "./lib/seed";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const rows = option("--rows", 100_000);
const launches = option("--launches", 10 * rows);
const requests = option("--requests", 20);
const log = (line: string) => console.error(`[reports-scale] ${line}`);

async function main() {
  const db = await createPostgresBenchDb("bench_reports");
  log(`seeding ${rows} assignments, ${launches} launches into ${db.name}`);
  const { world } = await withPgClient(db.url, (c) => seedBenchTenant(pgSql(c), { users: rows, assignments: rows, launches }, (l) => log(`  ${l}`)));
  const handle = createDb(db.url);
  try {
    const policyId = world.policies.powerApps;
    const csv = [];
    for (const sort of ["assignedAt", "user", "app"] as const) {
      log(`CSV, order ${sort}`);
      csv.push(await timeCsvInProcess(handle.prisma, world.tenantId, policyId, sort));
    }
    log(`report page queries, ${requests} calls each`);
    const postgres = await timeReportQueries(handle.prisma, world.tenantId, policyId, requests);
    const pglite = args.includes("--pglite") ? await timeReportQueriesOnPGlite(rows, requests, (l) => log(`  PGlite ${l}`)) : undefined;
    console.log(JSON.stringify({ rows, launches, csv, page: { postgres, pglite } }, null, 2));
  } finally {
    await handle.close();
    await runCleanups();
  }
}

main().catch(async (error) => {
  console.error(error);
  await runCleanups();
  process.exit(1);
});
