/**
 * Performs reclaim runs in the background of an app process (ADR 20): every `intervalMs` it writes
 * the day's runs (once per policy and UTC day, whichever process or cron comes first) and performs
 * every run that is due — requested with Run now, or let go by a process that died. Several
 * processes share the runs through their leases; one pass at a time per process. An error is
 * logged and the next pass tries again; no request ever performs a run.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { performDueRuns } from "@/server/domain/reclaim/runs";

export interface ReclaimWorker {
  /** Stops after the pass in progress, if any. */
  stop(): Promise<void>;
}

export function startReclaimWorker(
  db: PrismaClient,
  {
    intervalMs = 5_000,
    onError = (e) => console.error("reclaim runs:", e),
    onPass,
  }: {
    intervalMs?: number;
    onError?: (error: unknown) => void;
    /** After a pass that performed or failed a run: what it did and how long it took (the job's log line). */
    onPass?: (result: Awaited<ReturnType<typeof performDueRuns>>, ms: number) => void;
  } = {},
): ReclaimWorker {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;

  const pass = async () => {
    try {
      const started = performance.now();
      const r = await performDueRuns(db, { schedule: "DAILY" });
      for (const f of r.failed) onError(f.error);
      if (r.performed.length + r.failed.length > 0) onPass?.(r, performance.now() - started);
    } catch (error) {
      onError(error);
    }
    if (!stopped) schedule();
  };
  const schedule = () => {
    timer = setTimeout(() => {
      running = pass().finally(() => (running = null));
    }, intervalMs);
    timer.unref();
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
