/**
 * The seed alone, at the bench's full size, on a fresh PostgreSQL database (dropped at the end):
 * its timings and the single-statement probe (1,000 … 8,000 assignments in one statement).
 *
 *   npx tsx bench/seed-probe.ts [--users 100000] [--assignments 100000] [--launches 1000000]
 */
import { runCleanups } from "./lib/cleanup";
import { FULL } from "./lib/config";
import { createPostgresBenchDb, pgSql, withPgClient } from "./lib/db";
import { seedBenchTenant } from "./lib/seed";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main() {
  const sizes = { users: arg("users", FULL.users), assignments: arg("assignments", FULL.assignments), launches: arg("launches", FULL.launches) };
  const db = await createPostgresBenchDb("bench_seed");
  try {
    const { timings } = await withPgClient(db.url, (c) => seedBenchTenant(pgSql(c), sizes, (line) => console.log(`   ${line}`)));
    const perRow = timings.singleStatement.map((s) => ({ rows: s.rows, ms: Math.round(s.ms), usPerRow: Math.round((s.ms * 1000) / s.rows) }));
    console.log(JSON.stringify({ sizes, ...timings, singleStatement: perRow }, null, 2));
  } finally {
    await db.drop();
  }
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => runCleanups());
