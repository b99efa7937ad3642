/**
 * Readiness (GET /api/v1/health, ADR 26): what a load balancer or a Kubernetes readiness probe
 * asks before sending this process traffic. Ready means all of:
 * - the database answers (one short statement, within the pool's connect timeout; while the
 *   process already knows it to be away — src/server/db/availability.ts — at once, without asking);
 * - every migration in prisma/migrations is applied (`_prisma_migrations`), so the code and the
 *   schema agree;
 * - the process is not stopping (src/server/shutdown.ts: after SIGTERM it says 503 at once, so the
 *   balancer takes it out while it finishes its requests).
 * The background work — e-mail and webhook outboxes, reclaim runs — is reported (how many wait, the
 * oldest's age in seconds) but never makes the process unready: a backlog is the receivers' or the
 * SMTP server's trouble, and taking app processes out of rotation would not drain it.
 * GET /api/v1/ping stays the liveness check: it never touches the database.
 */
import fs from "node:fs";
import path from "node:path";
import type { PrismaClient } from "@/generated/prisma/client";
import { databaseUnavailable } from "@/server/db/errors";
import { databaseDownSince, noteDatabaseAvailable, noteDatabaseUnavailable } from "@/server/db/availability";
import { isShuttingDown } from "@/server/shutdown";

export interface Backlog {
  pending: number;
  /** Seconds since the oldest pending item was written; null when none waits. */
  oldestPendingSeconds: number | null;
}

export interface Readiness {
  status: "ready" | "unavailable" | "stopping";
  database: { reachable: boolean; latencyMs: number | null };
  migrations: { current: boolean | null; applied: number | null; missing: string[] };
  backlog: { email: Backlog; webhooks: Backlog; reclaimRuns: Backlog } | null;
}

let expected: string[] | null = null;

/** The migrations this build expects: the directories of prisma/migrations beside the app. */
export function expectedMigrations(dir = path.join(process.cwd(), "prisma", "migrations")): string[] {
  if (expected) return expected;
  try {
    expected = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    expected = [];
  }
  return expected;
}

type BacklogRow = { kind: string; pending: bigint | number; oldest: number | null };

export async function readiness(db: PrismaClient): Promise<Readiness> {
  const stopping = isShuttingDown();
  const unreachable = (): Readiness => ({
    status: stopping ? "stopping" : "unavailable",
    database: { reachable: false, latencyMs: null },
    migrations: { current: null, applied: null, missing: [] },
    backlog: null,
  });
  // Known to be away (a request or the probe found it so a moment ago): answer at once, so that a
  // balancer's probe is not held for the connect timeout; the second's probe tells it back.
  if (databaseDownSince() !== null) return unreachable();
  const started = performance.now();
  try {
    await db.$queryRaw`SELECT 1`;
  } catch (error) {
    if (!databaseUnavailable(error)) throw error;
    noteDatabaseUnavailable();
    return unreachable();
  }
  const latencyMs = Math.round((performance.now() - started) * 10) / 10;
  noteDatabaseAvailable();

  let applied: string[] = [];
  let migrationsKnown = true;
  try {
    const rows = await db.$queryRaw<{ name: string }[]>`
      SELECT "migration_name" AS name FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`;
    applied = rows.map((r) => r.name);
  } catch (error) {
    if (databaseUnavailable(error)) throw error;
    migrationsKnown = false; // no _prisma_migrations: the database was never migrated by `npm run db:migrate`
  }
  const have = new Set(applied);
  const missing = expectedMigrations().filter((name) => !have.has(name));
  const current = migrationsKnown && missing.length === 0;

  const rows = await db.$queryRaw<BacklogRow[]>`
    SELECT 'email' AS kind, count(*) AS pending, extract(epoch FROM now() - min("createdAt"))::float8 AS oldest
      FROM "EmailOutbox" WHERE "status" = 'PENDING'
    UNION ALL
    SELECT 'webhooks', count(*), extract(epoch FROM now() - min("occurredAt"))::float8
      FROM "WebhookDelivery" WHERE "status" = 'PENDING'
    UNION ALL
    SELECT 'reclaimRuns', count(*), extract(epoch FROM now() - min("requestedAt"))::float8
      FROM "ReclaimRun" WHERE "status" IN ('REQUESTED', 'RUNNING')`.catch((error: unknown) => {
    if (databaseUnavailable(error)) throw error;
    return [] as BacklogRow[];
  });
  const of = (kind: string): Backlog => {
    const row = rows.find((r) => r.kind === kind);
    return { pending: Number(row?.pending ?? 0), oldestPendingSeconds: row?.oldest == null ? null : Math.round(row.oldest) };
  };
  return {
    status: stopping ? "stopping" : current ? "ready" : "unavailable",
    database: { reachable: true, latencyMs },
    migrations: { current, applied: migrationsKnown ? applied.length : null, missing },
    backlog: { email: of("email"), webhooks: of("webhooks"), reclaimRuns: of("reclaimRuns") },
  };
}
