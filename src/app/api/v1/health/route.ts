import { NextResponse } from "next/server";
import { db } from "@/server/db";
import { asDomainError, RETRY_AFTER_SECONDS } from "@/server/db/errors";
import { readiness, type Readiness } from "@/server/health";

/**
 * GET /api/v1/health — readiness (src/server/health.ts, ADR 26): 200 when the database answers,
 * its migrations are current and the process is not stopping; 503 with Retry-After otherwise.
 * A small JSON body says which, with the outboxes' backlog. No token: it names no tenant's data.
 * GET /api/v1/ping is the liveness check (no database).
 */
export const dynamic = "force-dynamic";

export async function GET() {
  let body: Readiness;
  try {
    body = await readiness(db());
  } catch (caught) {
    // The database went away between the probe's statements: unavailable, like the probe failing.
    if (asDomainError(caught)?.httpStatus !== 503) throw caught;
    body = {
      status: "unavailable",
      database: { reachable: false, latencyMs: null },
      migrations: { current: null, applied: null, missing: [] },
      backlog: null,
    };
  }
  const ready = body.status === "ready";
  return NextResponse.json(body, {
    status: ready ? 200 : 503,
    headers: { "cache-control": "no-store", ...(ready ? {} : { "retry-after": String(RETRY_AFTER_SECONDS) }) },
  });
}
