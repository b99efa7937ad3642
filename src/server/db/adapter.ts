/**
 * The one place that turns DATABASE_URL into a Prisma driver adapter factory. Used by the app's
 * Prisma client (src/server/db.ts), by the CLI (prisma.config.ts, through cli-adapter.ts), by the
 * seed and by the tests.
 *
 *   postgresql://… or postgres://…   → a PostgreSQL server through @prisma/adapter-pg
 *   file:<dir> (default file:./.data/pglite) → embedded PGlite, persisted in <dir>, opened by one
 *                                     process at a time (lock.ts: <dir>.lock)
 *   memory:                           → embedded PGlite in memory (tests)
 */
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import path from "node:path";
import fs from "node:fs";
import { z } from "zod";
import { openDataDir } from "./lock";

export const DEFAULT_DATABASE_URL = "file:./.data/pglite";

export type DatabaseTarget = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string | null };

/** Parses DATABASE_URL; throws a readable error for anything else. */
export function parseDatabaseUrl(url: string | undefined = process.env.DATABASE_URL): DatabaseTarget {
  const value = (url ?? "").trim() || DEFAULT_DATABASE_URL;
  if (/^postgres(ql)?:\/\//.test(value)) return { kind: "postgres", url: value };
  if (value === "memory:" || value === "memory://") return { kind: "pglite", dataDir: null };
  if (value.startsWith("file:")) {
    const dir = value.slice("file:".length).replace(/^\/\/(?=\/)/, "");
    if (!dir) throw new Error(`DATABASE_URL "${value}" names no directory (try file:./.data/pglite)`);
    return { kind: "pglite", dataDir: path.resolve(dir) };
  }
  throw new Error(`DATABASE_URL must be postgresql://…, file:<directory> (embedded PGlite) or memory:, not "${value}"`);
}

/**
 * Opens an embedded PGlite database (creating its directory if needed); queries wait until it is
 * ready. A directory is first locked for this process (lock.ts): another process holding it is
 * refused at once with a DataDirLockedError; closing the database releases it. `memory:` needs no lock.
 */
export function openPGlite(dataDir: string | null): PGlite {
  if (!dataDir) return new PGlite();
  const release = openDataDir(dataDir);
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    const db = new PGlite(dataDir);
    const close = db.close.bind(db);
    db.close = async () => {
      try {
        await close();
      } finally {
        release();
      }
    };
    return db;
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * DATABASE_POOL_SIZE as src/env.ts validates it (a whole number 1–500, default 10). Parsed here
 * too because this module also runs outside the app (the CLI, the seed, the scripts), where the
 * app's env.ts is not loaded; an invalid value is refused with the same rule, not turned into NaN.
 */
export function poolSize(value: string | undefined = process.env.DATABASE_POOL_SIZE): number {
  const parsed = z.coerce.number().int().min(1).max(500).default(10).safeParse(value);
  if (!parsed.success) throw new Error(`DATABASE_POOL_SIZE must be a whole number from 1 to 500, not "${value}"`);
  return parsed.data;
}

/**
 * The bounds that keep an app process answering while PostgreSQL is away (ADR 26): a connection
 * (or a free slot in the pool) is waited for `connectMs` at most; the server cancels a statement
 * after `statementMs` and ends a session left idle inside a transaction after a minute; the client
 * gives up on an answer `statementMs` + 5 s after asking (a silent network never answers), and TCP
 * keepalive finds a dead peer. A connection that failed is dropped by the pool, and the next query
 * opens a new one: the pool recovers by itself when the database is back.
 * DATABASE_CONNECT_TIMEOUT_MS (default 3000) and DATABASE_STATEMENT_TIMEOUT_MS (default 30000), as
 * src/env.ts validates them; parsed here too for the same reason as poolSize.
 */
export function poolTimeouts(source: Record<string, string | undefined> = process.env) {
  const ms = (name: string, fallback: number) => {
    const parsed = z.coerce
      .number()
      .int()
      .min(100)
      .max(600_000)
      .default(fallback)
      .safeParse(source[name] || undefined);
    if (!parsed.success) throw new Error(`${name} must be a whole number of milliseconds from 100 to 600000, not "${source[name]}"`);
    return parsed.data;
  };
  const connectMs = ms("DATABASE_CONNECT_TIMEOUT_MS", 3_000);
  const statementMs = ms("DATABASE_STATEMENT_TIMEOUT_MS", 30_000);
  return {
    connectionTimeoutMillis: connectMs,
    statement_timeout: statementMs,
    query_timeout: statementMs + 5_000,
    idle_in_transaction_session_timeout: 60_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
}

/**
 * pg pool size per app process; PostgreSQL's default max_connections (100) is shared by all.
 * `bounded` adds poolTimeouts() — the app's own client; the CLI, the seed and the tests run long
 * statements of their own and keep pg's defaults.
 */
export function pgAdapterFactory(url: string, options: { allowExitOnIdle?: boolean; bounded?: boolean } = {}) {
  const { bounded, ...rest } = options;
  return new PrismaPg({ connectionString: url, max: poolSize(), ...(bounded ? poolTimeouts() : {}), ...rest });
}

/**
 * pglite-prisma-adapter 0.6 is built against an older @prisma/driver-adapter-utils whose types
 * differ only in argument-type details the adapter ignores; the cast names the interface Prisma
 * 6.19 expects.
 */
export function pgliteAdapterFactory(db: PGlite): SqlMigrationAwareDriverAdapterFactory {
  return new PrismaPGlite(db) as unknown as SqlMigrationAwareDriverAdapterFactory;
}
