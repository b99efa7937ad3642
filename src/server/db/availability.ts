/**
 * What this app process knows of its database being away (ADR 26). A request that found the
 * database unreachable (errors.ts `databaseUnavailable`, through `asDomainError` or a page's
 * error) notes it here; from then on pages are answered with the 503 "temporarily unavailable"
 * page before they render (src/proxy.ts), and a probe (`SELECT 1`, registered at start-up by
 * src/instrumentation-node.ts) runs every second until the database answers again, which clears
 * the note. Without a probe (scripts, tests) a note lapses after Retry-After's seconds. The API
 * routes never consult it: each tries the database, which answers or fails within the pool's
 * bounded timeouts (adapter.ts poolTimeouts).
 *
 * Kept on globalThis: the proxy, the route bundles and the instrumentation share one process.
 */
const PROBE_INTERVAL_MS = 1_000;
const LAPSE_MS = 5_000;

interface AvailabilityState {
  /** When the database was first found away, while it still is; null when it answers. */
  downSince: number | null;
  /** The last time a failure was noted (for the lapse without a probe). */
  lastNotedAt: number;
  probe: (() => Promise<unknown>) | null;
  timer: NodeJS.Timeout | null;
}

const g = globalThis as typeof globalThis & { __dbAvailability?: AvailabilityState };
const state = (g.__dbAvailability ??= { downSince: null, lastNotedAt: 0, probe: null, timer: null });

/** The database was found away. Starts the probe (when one is registered) if it is not running. */
export function noteDatabaseUnavailable(): void {
  const now = Date.now();
  state.downSince ??= now;
  state.lastNotedAt = now;
  if (state.probe && !state.timer) scheduleProbe();
}

/** The database answered: pages render again. */
export function noteDatabaseAvailable(): void {
  state.downSince = null;
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
}

/** The time since which this process knows the database to be away, or null. */
export function databaseDownSince(): number | null {
  if (state.downSince !== null && !state.probe && Date.now() - state.lastNotedAt > LAPSE_MS) state.downSince = null;
  return state.downSince;
}

/** Registers the probe that tells the database back (the app process's `SELECT 1`). */
export function setAvailabilityProbe(probe: (() => Promise<unknown>) | null): void {
  state.probe = probe;
  if (!probe && state.timer) {
    clearTimeout(state.timer);
    state.timer = null;
  }
}

function scheduleProbe(): void {
  state.timer = setTimeout(async () => {
    const probe = state.probe;
    if (!probe) return void (state.timer = null);
    try {
      await probe();
      noteDatabaseAvailable();
    } catch {
      scheduleProbe();
    }
  }, PROBE_INTERVAL_MS);
  state.timer.unref();
}
