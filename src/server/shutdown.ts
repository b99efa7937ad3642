/**
 * Graceful shutdown of an app process (ADR 27). On SIGTERM (a rolling restart, `docker stop`,
 * Kubernetes) — or SIGINT — the process:
 * 1. says it is stopping: GET /api/v1/health answers 503 from now on;
 * 2. stops accepting connections (the HTTP server is closed; idle keep-alive connections are
 *    closed, and responses still to come ask the client to close theirs);
 * 3. lets the requests in flight finish, for SHUTDOWN_TIMEOUT_MS at most (10 s); any still running
 *    then are cut off (their transactions roll back: nothing is half done);
 * 4. stops the background workers after the pass in progress (the outboxes record what they sent,
 *    a reclaim run commits chunk by chunk and its lease lapses for another process);
 * 5. closes its LISTEN connections (src/server/db/notify.ts: the API token cache's, ADR 32) and its
 *    database pool (an embedded database's lock is released with it);
 * 6. exits 0 (1 if a step failed).
 * It replaces `next start`'s own handler, which exits 143 without waiting for the workers or the pool.
 */
import type { Logger } from "@/server/log";
import { closeListeners } from "@/server/db/notify";
import { requestsDrained, requestTracker } from "@/server/http/request-log";

interface ShutdownState {
  stopping: boolean;
}

const g = globalThis as typeof globalThis & { __shutdown?: ShutdownState };
const state = (g.__shutdown ??= { stopping: false });

export function isShuttingDown(): boolean {
  return state.stopping;
}

export interface ShutdownSteps {
  log: Logger;
  timeoutMs: number;
  /** The background workers' stop(): each resolves after the pass in progress. */
  stopWorkers: () => Promise<void>;
  /** Closes the database pool. */
  closeDb: () => Promise<void>;
}

const bounded = <T>(promise: Promise<T>, ms: number): Promise<T | "timeout"> =>
  Promise.race([promise, new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), ms).unref())]);

export async function shutDown(signal: string, steps: ShutdownSteps): Promise<number> {
  const { log, timeoutMs } = steps;
  if (state.stopping) return -1;
  state.stopping = true;
  const started = Date.now();
  const tracker = requestTracker();
  tracker.closing = true;
  log.info({ signal, inFlight: tracker.inFlight, timeoutMs }, "shutdown: stopping");
  let failed = false;

  const server = tracker.server;
  const closed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
  server?.closeIdleConnections();

  if ((await bounded(requestsDrained(), timeoutMs)) === "timeout") {
    log.warn({ inFlight: tracker.inFlight }, "shutdown: requests still running after the timeout are cut off");
  }
  server?.closeAllConnections();
  await bounded(closed, 1_000);

  try {
    if ((await bounded(steps.stopWorkers(), timeoutMs)) === "timeout") log.warn("shutdown: a background pass is still running; its leases lapse");
  } catch (error) {
    failed = true;
    log.error({ err: error }, "shutdown: stopping the background workers failed");
  }
  try {
    if ((await bounded(closeListeners(), 2_000)) === "timeout") log.warn("shutdown: a LISTEN connection did not close in 2 s");
  } catch (error) {
    failed = true;
    log.error({ err: error }, "shutdown: closing the LISTEN connections failed");
  }
  try {
    if ((await bounded(steps.closeDb(), 5_000)) === "timeout") log.warn("shutdown: the database pool did not close in 5 s");
  } catch (error) {
    failed = true;
    log.error({ err: error }, "shutdown: closing the database pool failed");
  }
  log.info({ signal, ms: Date.now() - started }, "shutdown: done");
  return failed ? 1 : 0;
}
