/**
 * A fresh, migrated database for one test file, on the engine the Vitest project selects
 * (TEST_DATABASE=pglite — in-memory PGlite — or TEST_DATABASE=postgres — a new database on the
 * PostgreSQL server, dropped afterwards). Migrations are the files in prisma/migrations, applied
 * in order, exactly as `prisma migrate deploy` would; tests/migrations.db.test.ts runs the CLI
 * itself.
 *
 * Every statement the client sends is recorded (Prisma query events) and checked after the file by
 * tests/setup/tenant-check.ts: a statement on a tenant table must name its tenant (ADR 33).
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import { createDb, type DbHandle } from "@/server/db/client";
import { migrationScripts } from "./migrations";
import { databaseUrl, withAdminClient } from "./postgres";
import { collectedTenantTables, recordStatement, setTenantTables, TENANT_TABLES_SQL } from "./tenant-predicates";

export type TestEngine = "pglite" | "postgres";
export const TEST_ENGINE: TestEngine = process.env.TEST_DATABASE === "postgres" ? "postgres" : "pglite";

export interface TestDb {
  prisma: PrismaClient;
  engine: TestEngine;
  /** A connection URL for a second client or process on the same database (PostgreSQL only). */
  url: string | null;
  close(): Promise<void>;
}

export async function createTestDb(options: NonNullable<Parameters<typeof createDb>[1]> = {}): Promise<TestDb> {
  const log = options.log ?? [];
  const queried = log.some((l) => typeof l === "object" && l.level === "query" && l.emit === "event");
  const logged = { ...options, log: queried ? log : [...log, { emit: "event" as const, level: "query" as const }] };
  if (TEST_ENGINE === "pglite") {
    const handle: DbHandle = createDb("memory:", logged);
    for (const sql of migrationScripts()) await handle.pglite!.exec(sql);
    if (!collectedTenantTables()) setTenantTables((await handle.pglite!.query<{ name: string }>(TENANT_TABLES_SQL)).rows.map((r) => r.name));
    return { prisma: recording(handle.prisma), engine: "pglite", url: null, close: handle.close };
  }
  const name = `test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  await withAdminClient((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = databaseUrl(name);
  await withAdminClient(async (c) => {
    for (const sql of migrationScripts()) await c.query(sql);
    if (!collectedTenantTables()) setTenantTables((await c.query<{ name: string }>(TENANT_TABLES_SQL)).rows.map((r) => r.name));
  }, url);
  const handle = createDb(url, logged);
  return {
    prisma: recording(handle.prisma),
    engine: "postgres",
    url,
    close: async () => {
      await handle.close();
      await withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/** Records each statement the client sends, for the tenant-predicate check. */
function recording(prisma: PrismaClient): PrismaClient {
  (prisma as unknown as { $on(e: "query", cb: (e: { query: string }) => void): void }).$on("query", (e) => recordStatement(e.query));
  return prisma;
}

/** One database for the whole file: `const t = useTestDb(); … t.prisma`. */
export function useTestDb(): { readonly prisma: PrismaClient; readonly db: TestDb } {
  let db: TestDb | undefined;
  beforeAll(async () => {
    db = await createTestDb();
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });
  return {
    get prisma() {
      if (!db) throw new Error("useTestDb(): the database is made in beforeAll");
      return db.prisma;
    },
    get db() {
      if (!db) throw new Error("useTestDb(): the database is made in beforeAll");
      return db;
    },
  };
}
