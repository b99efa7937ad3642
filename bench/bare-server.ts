/**
 * The machine's ceiling for the already-licensed launch: a bare `node:http` server that does the
 * same database work as POST /api/v1/launches' decision — the facts query and the launch insert of
 * `recordLaunch`, replayed through `pg` from the statements captured off the real code
 * (lib/launch-sql.ts), decided by the same pure rule (rules.ts) — with no framework, no Prisma,
 * no zod. With `withToken` it also runs authenticateToken's look-up first (3 statements, like the route).
 *
 * A launch that needs a claim runs the same one statement as recordLaunch's claim (launch_claim,
 * captured with its traces), so the bare server is the baseline of the claim path too; one that
 * finds the pool empty answers 409 (the baseline records no refusal). Run as a script: BARE_DATABASE_URL, BARE_PORT, BARE_SQL_FILE (JSON of LaunchSql),
 * BARE_POOL_SIZE (default: the app's DATABASE_POOL_SIZE default, 10), BARE_TENANT_ID, BARE_WITH_TOKEN=1.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { decideLaunch, needsClaim } from "@/server/domain/launches/rules";
import { hashToken } from "@/server/domain/tokens/hash";
import { bind, type Facts, type LaunchSql } from "./lib/launch-sql";

export interface BareServerOptions {
  databaseUrl: string;
  sql: LaunchSql;
  port?: number;
  poolSize?: number;
  withToken?: boolean;
  /** The tenant every request acts for when there is no token check (withToken: the token's tenant). */
  tenantId?: string;
}

export interface BareServer {
  port: number;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(json) });
  res.end(json);
}

export async function startBareServer(options: BareServerOptions): Promise<BareServer> {
  const { sql } = options;
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  // An idle connection the server closes (a restart, or the database dropped after a run) must not
  // crash the process: a pool without an "error" listener rethrows it.
  pool.on("error", (error) => console.warn(`bare server: idle connection closed: ${error.message}`));

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    if (req.method !== "POST" || req.url !== "/api/v1/launches") return send(res, 404, { error: { code: "NOT_FOUND" } });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: { user?: unknown; app?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      return send(res, 400, { error: { code: "INVALID_JSON" } });
    }
    if (typeof body.user !== "string" || typeof body.app !== "string") return send(res, 400, { error: { code: "VALIDATION_FAILED" } });
    let tenant = options.tenantId;
    if (options.withToken) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
      if (!m) return send(res, 401, { error: { code: "UNAUTHORIZED" } });
      const { rows } = await pool.query<{ tenantId: string; scopes: string[]; revokedAt: Date | null }>(
        sql.tokenLookup.text,
        bind(sql.tokenLookup.params, { tokenHash: hashToken(m[1]) }),
      );
      if (!rows[0] || rows[0].revokedAt) return send(res, 401, { error: { code: "UNAUTHORIZED" } });
      if (!rows[0].scopes.includes("launches")) return send(res, 403, { error: { code: "FORBIDDEN" } });
      tenant = rows[0].tenantId;
    }
    if (!tenant) return send(res, 400, { error: { code: "NO_TENANT" } });
    const { rows } = await pool.query<Facts>(sql.facts.text, bind(sql.facts.params, { user: body.user, app: body.app, tenant }));
    const facts = rows[0];
    if (!facts) return send(res, 404, { error: { code: "NOT_FOUND" } });
    const ruleFacts = {
      premium: facts.premium,
      managedEnvironment: facts.managed,
      holdsStandalone: facts.holdsStandalone,
      autoClaimEnabled: facts.autoClaimEnabled,
      policy: facts.policyId ? { enabled: facts.policyEnabled!, scope: facts.policyScope! } : null,
    };
    if (needsClaim(ruleFacts) && facts.policyHasUnits) {
      const { rows: claimed } = await pool.query<{ outcome: string; launchId: string | null }>(sql.claim.text, bind(sql.claim.params, { tenant, facts }));
      const c = claimed[0];
      if (c.outcome === "CLAIMED") return send(res, 200, { decision: "ALLOW", reason: "AUTO_CLAIMED", launchId: c.launchId, user: { id: facts.userId } });
      if (c.outcome === "LICENSED") return send(res, 200, { decision: "ALLOW", reason: "LICENSED", launchId: c.launchId, user: { id: facts.userId } });
      return send(res, 409, { error: { code: `CLAIM_${c.outcome}` } });
    }
    if (needsClaim(ruleFacts)) return send(res, 409, { error: { code: "NO_LICENSES_AVAILABLE" } });
    const outcome = decideLaunch({ ...ruleFacts, productsAvailable: [] });
    const launchId = randomUUID();
    await pool.query(
      sql.insertLaunch.text,
      bind(sql.insertLaunch.params, { tenant, facts, decision: outcome.decision, reason: outcome.reason, newId: launchId }),
    );
    send(res, 200, { decision: outcome.decision, reason: outcome.reason, launchId, user: { id: facts.userId } });
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error("bare server:", error);
      if (!res.headersSent) send(res, 500, { error: { code: "INTERNAL" } });
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sql = JSON.parse(fs.readFileSync(process.env.BARE_SQL_FILE!, "utf8")) as LaunchSql;
  const server = await startBareServer({
    databaseUrl: process.env.BARE_DATABASE_URL!,
    sql,
    port: Number(process.env.BARE_PORT ?? 0),
    poolSize: process.env.BARE_POOL_SIZE ? Number(process.env.BARE_POOL_SIZE) : undefined,
    withToken: process.env.BARE_WITH_TOKEN === "1",
    tenantId: process.env.BARE_TENANT_ID,
  });
  console.log(`bare server listening on 127.0.0.1:${server.port}`);
  const stop = () => void server.close().finally(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
