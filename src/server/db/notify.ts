/**
 * PostgreSQL LISTEN for one channel, on a connection of its own (ADR 32). A session that LISTENs
 * must stay open, so it is never one of Prisma's pooled connections: on PostgreSQL it is a
 * dedicated `pg` client; on embedded PGlite (one process, one session) it is PGlite's own `listen`,
 * whose callbacks run as the notifying transaction commits.
 *
 * The database may go away (ADR 26): the client is then dropped and reconnected with exponential
 * backoff (100 ms doubling to 5 s, jittered). A heartbeat (`SELECT 1` every second, 2 s to answer)
 * finds a connection that died silently. Whoever listens is told each time listening starts or stops
 * (`onListening`): notifications sent while it was not listening are lost, so what it derived from
 * earlier ones must not be trusted until it listens again.
 *
 * Every open listener is kept on globalThis, so that shutdown closes them (src/server/shutdown.ts).
 */
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";

export type NotifySource = { url: string } | { pglite: PGlite };

export interface NotifyHandlers {
  onNotify(payload: string): void;
  /** Listening started (true) or stopped (false). */
  onListening?(listening: boolean): void;
  /** A connection failed or was lost (it is retried). */
  onError?(error: unknown): void;
}

export interface ListenOptions {
  minBackoffMs?: number;
  maxBackoffMs?: number;
  heartbeatMs?: number;
}

export interface NotifyListener {
  readonly listening: boolean;
  /** The PostgreSQL backend of the listening session (null on PGlite or while not listening). */
  readonly backendPid: number | null;
  /** Resolves when listening (at once if it is), or when closed. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

const g = globalThis as typeof globalThis & { __notifyListeners?: Set<NotifyListener> };
const open = (g.__notifyListeners ??= new Set());

/** Closes every listener of this process (graceful shutdown). */
export async function closeListeners(): Promise<void> {
  await Promise.all([...open].map((l) => l.close()));
}

export function listen(source: NotifySource, channel: string, handlers: NotifyHandlers, options: ListenOptions = {}): NotifyListener {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  const listener = "pglite" in source ? listenPGlite(source.pglite, channel, handlers) : listenPostgres(source.url, channel, handlers, options);
  open.add(listener);
  return listener;
}

/** What both kinds share: the listening flag, its waiters and the close bookkeeping. */
function listeningState(handlers: NotifyHandlers) {
  let waiters: (() => void)[] = [];
  const state = {
    listening: false,
    closed: false,
    set(value: boolean) {
      if (state.listening === value) return;
      state.listening = value;
      handlers.onListening?.(value);
      if (value) state.wake();
    },
    wake() {
      for (const resolve of waiters) resolve();
      waiters = [];
    },
    ready(): Promise<void> {
      if (state.listening || state.closed) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
  return state;
}

function listenPGlite(pglite: PGlite, channel: string, handlers: NotifyHandlers): NotifyListener {
  const state = listeningState(handlers);
  const subscribed = pglite
    .listen(channel, (payload) => handlers.onNotify(payload))
    .then((unsubscribe) => {
      if (!state.closed) state.set(true);
      return unsubscribe;
    })
    .catch((error: unknown) => {
      handlers.onError?.(error);
      return null;
    });
  const listener: NotifyListener = {
    get listening() {
      return state.listening;
    },
    backendPid: null,
    ready: () => state.ready(),
    async close() {
      if (state.closed) return;
      state.closed = true;
      open.delete(listener);
      state.set(false);
      state.wake();
      const unsubscribe = await subscribed;
      if (unsubscribe && !pglite.closed) await unsubscribe().catch(() => {});
    },
  };
  return listener;
}

function listenPostgres(url: string, channel: string, handlers: NotifyHandlers, options: ListenOptions): NotifyListener {
  const { minBackoffMs = 100, maxBackoffMs = 5_000, heartbeatMs = 1_000 } = options;
  const state = listeningState(handlers);
  let client: pg.Client | null = null;
  let backendPid: number | null = null;
  let attempt = 0;
  let retry: NodeJS.Timeout | null = null;

  const schedule = () => {
    if (state.closed) return;
    const delay = Math.min(maxBackoffMs, minBackoffMs * 2 ** attempt++) * (0.5 + Math.random() / 2);
    retry = setTimeout(connect, delay);
    retry.unref();
  };

  async function connect(): Promise<void> {
    retry = null;
    if (state.closed) return;
    const c = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: 3_000,
      query_timeout: 2 * heartbeatMs,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      application_name: `listen ${channel}`,
    });
    client = c;
    let heartbeat: NodeJS.Timeout | null = null;
    let dropped = false;
    const drop = (error?: unknown) => {
      if (dropped) return;
      dropped = true;
      if (heartbeat) clearInterval(heartbeat);
      if (client === c) client = null;
      backendPid = null;
      state.set(false);
      c.removeAllListeners("notification");
      c.end().catch(() => {});
      if (error !== undefined && !state.closed) handlers.onError?.(error);
      schedule();
    };
    c.on("error", drop);
    c.on("end", () => drop());
    c.on("notification", (message) => {
      if (message.channel === channel && message.payload !== undefined) handlers.onNotify(message.payload);
    });
    try {
      await c.connect();
      await c.query(`LISTEN "${channel}"`);
      const { rows } = await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      if (dropped) return;
      if (state.closed) return void c.end().catch(() => {});
      attempt = 0;
      backendPid = rows[0].pid;
      state.set(true);
      let beating = false;
      heartbeat = setInterval(() => {
        if (beating) return;
        beating = true;
        c.query("SELECT 1")
          .catch(drop)
          .finally(() => (beating = false));
      }, heartbeatMs);
      heartbeat.unref();
    } catch (error) {
      drop(error);
    }
  }

  const listener: NotifyListener = {
    get listening() {
      return state.listening;
    },
    get backendPid() {
      return backendPid;
    },
    ready: () => state.ready(),
    async close() {
      if (state.closed) return;
      state.closed = true;
      open.delete(listener);
      if (retry) clearTimeout(retry);
      state.set(false);
      state.wake();
      const c = client;
      client = null;
      if (c) await c.end().catch(() => {});
    },
  };
  void connect();
  return listener;
}
