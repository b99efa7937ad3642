/**
 * Sends the e-mail outbox in the background of an app process (ADR 17): every `intervalMs`, and at
 * once again while there is a full batch waiting. One pass at a time per process; several processes
 * share the rows through the outbox's leases. An error (the database away, say) is logged and the
 * next pass tries again — the worker never stops the process and never runs on a request's path.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { deliverDue, type DeliverOptions } from "@/server/domain/notifications/outbox";

export interface OutboxWorker {
  /** Stops after the pass in progress, if any. */
  stop(): Promise<void>;
}

export function startOutboxWorker(
  db: PrismaClient,
  options: Omit<DeliverOptions, "now"> & {
    intervalMs?: number;
    onError?: (error: unknown) => void;
    /** After a pass that did something: what it did and how long it took (the job's log line). */
    onPass?: (result: Awaited<ReturnType<typeof deliverDue>>, ms: number) => void;
  },
): OutboxWorker {
  const { intervalMs = 2_000, onPass, onError = (e) => console.error("e-mail outbox:", e), ...deliver } = options;
  const batch = deliver.batch ?? 20;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;

  const pass = async () => {
    let again = false;
    try {
      const started = performance.now();
      const r = await deliverDue(db, { ...deliver, batch });
      again = r.sent + r.retrying + r.failed + r.skipped >= batch;
      if (r.sent + r.retrying + r.failed + r.skipped > 0) onPass?.(r, performance.now() - started);
    } catch (error) {
      onError(error);
    }
    if (!stopped) schedule(again ? 0 : intervalMs);
  };
  const schedule = (ms: number) => {
    timer = setTimeout(() => {
      running = pass().finally(() => (running = null));
    }, ms);
    timer.unref();
  };
  schedule(0);

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      deliver.mailer?.close();
    },
  };
}
