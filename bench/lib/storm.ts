/**
 * The claim storm: every user of the storm tenant launches the premium app at once, against a pool
 * of `units`. In-process (recordLaunch on one Prisma client: PGlite, or PostgreSQL with a pool) or
 * over HTTP (POST /api/v1/launches spread over several `next start` processes). Then the
 * invariants: exactly `units` claimed, consumed = purchased, one assignment per claimer.
 */
import http from "node:http";
import type { PrismaClient } from "@/generated/prisma/client";
import { recordLaunch } from "@/server/domain/launches/service";
import type { Sql } from "./db";
import type { StormWorld } from "./seed";

export interface StormResult {
  users: number;
  units: number;
  ms: number;
  reasons: Record<string, number>;
  failures: number;
  invariant: InvariantCheck;
}

export interface InvariantCheck {
  ok: boolean;
  claimed: number;
  consumed: number;
  purchased: number;
  assignments: number;
  distinctHolders: number;
}

export async function checkInvariant(sql: Sql, storm: StormWorld): Promise<InvariantCheck> {
  const [row] = await sql.query<{ consumed: number; purchased: number; assignments: number; holders: number; claimed: number }>(
    `SELECT p."consumedUnits" AS "consumed", p."purchasedUnits" AS "purchased",
            (SELECT count(*)::int FROM "LicenseAssignment" la WHERE la."productId" = p."id") AS "assignments",
            (SELECT count(DISTINCT la."userId")::int FROM "LicenseAssignment" la WHERE la."productId" = p."id") AS "holders",
            (SELECT count(*)::int FROM "Launch" l WHERE l."tenantId" = p."tenantId" AND l."reason" = 'AUTO_CLAIMED') AS "claimed"
     FROM "Product" p WHERE p."id" = $1`,
    [storm.productId],
  );
  const ok =
    row.claimed === storm.units &&
    row.consumed === storm.units &&
    row.consumed === row.purchased &&
    row.assignments === storm.units &&
    row.holders === storm.units;
  return { ok, claimed: row.claimed, consumed: row.consumed, purchased: row.purchased, assignments: row.assignments, distinctHolders: row.holders };
}

function tally(reasons: (string | null)[]) {
  const out: Record<string, number> = {};
  for (const r of reasons) out[r ?? "FAILED"] = (out[r ?? "FAILED"] ?? 0) + 1;
  return out;
}

export async function stormInProcess(prisma: PrismaClient, sql: Sql, storm: StormWorld): Promise<StormResult> {
  const started = performance.now();
  const reasons = await Promise.all(
    storm.userIds.map((user) =>
      recordLaunch(prisma, { tenantId: storm.tenantId, user, appId: storm.appId }).then(
        (r) => r.reason as string,
        () => null,
      ),
    ),
  );
  const ms = performance.now() - started;
  return {
    users: storm.userIds.length,
    units: storm.units,
    ms,
    reasons: tally(reasons),
    failures: reasons.filter((r) => r === null).length,
    invariant: await checkInvariant(sql, storm),
  };
}

/**
 * One POST over node:http through `agent`, answering the launch's reason (null: not a 200). A storm
 * of 10,000 opens at most `STORM_SOCKETS` connections to each process — the clients queue for a
 * socket as browsers behind one proxy would — so the measurement is of the app, not of dropped SYNs
 * past the listen backlog.
 */
function postLaunch(url: URL, agent: http.Agent, token: string, body: string): Promise<string | null> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      { method: "POST", agent, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          if (res.statusCode !== 200) return resolve(null);
          try {
            resolve((JSON.parse(Buffer.concat(chunks).toString("utf8")) as { reason: string }).reason);
          } catch {
            resolve(null);
          }
        });
        res.on("error", () => resolve(null));
      },
    );
    req.on("error", () => resolve(null));
    req.end(body);
  });
}

/**
 * Connections the storm opens to each app process at most: ten times its database pool, so every
 * connection of the pool stays busy while no request waits on the pool past its bounded wait
 * (DATABASE_CONNECT_TIMEOUT_MS, ADR 26) merely because the client opened thousands at once.
 */
export const STORM_SOCKETS = 100;

/** Every user of the storm launches at once, spread over the app processes at `baseUrls` in turn. */
export async function stormHttp(baseUrls: string[], sql: Sql, storm: StormWorld): Promise<StormResult> {
  const targets = baseUrls.map((base) => ({ url: new URL("/api/v1/launches", base), agent: new http.Agent({ keepAlive: true, maxSockets: STORM_SOCKETS }) }));
  const started = performance.now();
  const reasons = await Promise.all(
    storm.userIds.map((user, i) => {
      const target = targets[i % targets.length];
      return postLaunch(target.url, target.agent, storm.token, JSON.stringify({ user, app: storm.appId }));
    }),
  );
  const ms = performance.now() - started;
  for (const t of targets) t.agent.destroy();
  return {
    users: storm.userIds.length,
    units: storm.units,
    ms,
    reasons: tally(reasons),
    failures: reasons.filter((r) => r === null).length,
    invariant: await checkInvariant(sql, storm),
  };
}
