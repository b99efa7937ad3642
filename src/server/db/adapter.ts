/**
 * The one place that turns DATABASE_URL into a Prisma driver adapter factory. Used by the app's
 * Prisma client (src/server/db.ts), by the CLI (prisma.config.ts, through cli-adapter.ts), by the
 * seed and by the tests.
 *
 *   postgresql://… or postgres://…   → a PostgreSQL server through @prisma/adapter-pg
 *   file:<dir> (default file:./.data/pglite) → embedded PGlite, persisted in <dir>
 *   memory:                           → embedded PGlite in memory (tests)
 */
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import path from "node:path";
import fs from "node:fs";

export const DEFAULT_DATABASE_URL = "file:./.data/pglite";

export type DatabaseTarget =
  | { kind: "postgres"; url: string }
  | { kind: "pglite"; dataDir: string | null };

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
  throw new Error(
    `DATABASE_URL must be postgresql://…, file:<directory> (embedded PGlite) or memory:, not "${value}"`,
  );
}

/** Opens an embedded PGlite database (creating its directory if needed); queries wait until it is ready. */
export function openPGlite(dataDir: string | null): PGlite {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  return dataDir ? new PGlite(dataDir) : new PGlite();
}

/** pg pool size per app process; PostgreSQL's default max_connections (100) is shared by all. */
export const PG_POOL_SIZE = Number(process.env.DATABASE_POOL_SIZE ?? 10);

export function pgAdapterFactory(url: string, options: { allowExitOnIdle?: boolean } = {}) {
  return new PrismaPg({ connectionString: url, max: PG_POOL_SIZE, ...options });
}

/**
 * pglite-prisma-adapter 0.6 is built against an older @prisma/driver-adapter-utils whose types
 * differ only in argument-type details the adapter ignores; the cast names the interface Prisma
 * 6.19 expects.
 */
export function pgliteAdapterFactory(db: PGlite): SqlMigrationAwareDriverAdapterFactory {
  return new PrismaPGlite(db) as unknown as SqlMigrationAwareDriverAdapterFactory;
}
