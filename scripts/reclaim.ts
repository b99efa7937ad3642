/**
 * `npm run reclaim`: performs the day's reclaim run of every policy with an enabled rule, and every
 * run requested with Run now, once, then exits (for cron; SPEC §8.3, ADR 20). Safe beside running
 * app processes: each run is leased by one process, and a policy has one run a day whoever starts it.
 * Exits 1 when a run failed (it is resumed by the next pass or the next call).
 */
import { parseEnv } from "@/env";
import { createDb } from "@/server/db/client";
import { performDueRuns } from "@/server/domain/reclaim/runs";

// An embedded database open in a running app is refused (one process per directory): use cron with PostgreSQL.
const handle = createDb(parseEnv(process.env).DATABASE_URL);
try {
  const started = Date.now();
  const result = await performDueRuns(handle.prisma, { schedule: "COMMAND" });
  const runs = result.performed.length
    ? await handle.prisma.reclaimRun.findMany({
        where: { id: { in: result.performed } },
        select: { mode: true, candidates: true, noticesSent: true, released: true, policy: { select: { name: true } } },
      })
    : [];
  for (const r of runs) {
    console.log(
      `${r.policy.name}: ${r.mode === "ENFORCE" ? "enforce" : "report only"} — ${r.candidates} candidate(s), ${r.noticesSent} notice(s) sent, ${r.released} released`,
    );
  }
  for (const f of result.failed) console.error(`run ${f.runId} failed: ${f.error instanceof Error ? f.error.message : String(f.error)}`);
  console.log(`${runs.length} run(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exitCode = result.failed.length > 0 ? 1 : 0;
} finally {
  await handle.close();
}
