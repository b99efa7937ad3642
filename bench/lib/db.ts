/**
 * Databases for the benchmark: a fresh database on the PostgreSQL server per run (migrated with the
 * files of prisma/migrations, dropped at the end), or an in-memory PGlite; and one small interface
 * (`Sql`) over both, so that the set-based seed runs unchanged on either.
 */
import { randomBytes } from "node:crypto";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { createDb, type DbHandle } from "@/server/db/client";
import { migrationScripts } from "../../tests/setup/migrations";
import { databaseUrl, TEST_POSTGRES_URL, withAdminClient } from "../../tests/setup/postgres";
import { onCleanup } from "./cleanup";

/** The server the bench uses: BENCH_POSTGRES_URL, else the one the tests use (127.0.0.1:5432, user postgres). */
export const BENCH_POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? TEST_POSTGRES_URL;

export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Parameterless SQL, possibly several statements. */
  exec(text: string): Promise<void>;
}

export function pgSql(client: pg.Client | pg.Pool): Sql {
  return {
    query: async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[],
    exec: async (text) => {
      await client.query(text);
    },
  };
}

export function pgliteSql(db: PGlite): Sql {
  return {
    query: async <T>(text: string, params: unknown[] = []) => (await db.query<T>(text, params)).rows,
    exec: async (text) => {
      await db.exec(text);
    },
  };
}

export interface PostgresBenchDb {
  name: string;
  url: string;
  /** Drops the database (WITH FORCE); safe to call twice. */
  drop(): Promise<void>;
}

/** A new, migrated database on the server; registered for dropping on exit. */
export async function createPostgresBenchDb(prefix = "bench"): Promise<PostgresBenchDb> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  await withAdminClient((c) => c.query(`CREATE DATABASE "${name}"`), BENCH_POSTGRES_URL);
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`), BENCH_POSTGRES_URL);
  };
  onCleanup(`drop database ${name}`, drop);
  const url = databaseUrl(name, BENCH_POSTGRES_URL);
  try {
    await withAdminClient(async (c) => {
      for (const sql of migrationScripts()) await c.query(sql);
    }, url);
  } catch (error) {
    await drop();
    throw error;
  }
  return { name, url, drop };
}

/** An in-memory PGlite with the migrations applied, and a Prisma client on it. */
export async function createPGliteBenchDb(options: Parameters<typeof createDb>[1] = {}): Promise<DbHandle> {
  const handle = createDb("memory:", options);
  for (const sql of migrationScripts()) await handle.pglite!.exec(sql);
  return handle;
}

/** Runs `fn` with one dedicated connection (temporary tables live on one connection). */
export async function withPgClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
