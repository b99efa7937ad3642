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

/** pg pool size per app process; PostgreSQL's default max_connections (100) is shared by all. */
export function pgAdapterFactory(url: string, options: { allowExitOnIdle?: boolean } = {}) {
  return new PrismaPg({ connectionString: url, max: poolSize(), ...options });
}

/**
 * pglite-prisma-adapter 0.6 is built against an older @prisma/driver-adapter-utils whose types
 * differ only in argument-type details the adapter ignores; the cast names the interface Prisma
 * 6.19 expects.
 */
export function pgliteAdapterFactory(db: PGlite): SqlMigrationAwareDriverAdapterFactory {
  return new PrismaPGlite(db) as unknown as SqlMigrationAwareDriverAdapterFactory;
}
