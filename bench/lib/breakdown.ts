/**
 * Where the time of one already-licensed launch goes, measured sequentially (one at a time, no
 * contention) in this process: each statement of the route through `pg` directly (the database
 * plus one round trip), the same work through Prisma (recordLaunch, authenticateToken), and the
 * facts query when the user is named by UPN instead of id.
 */
import pg from "pg";
import type { PrismaClient } from "@/generated/prisma/client";
import { recordLaunch } from "@/server/domain/launches/service";
import { authenticateToken } from "@/server/domain/tokens/service";
import { attachTokenCache } from "@/server/domain/tokens/cache";
import { hashToken } from "@/server/domain/tokens/hash";
import { bind, type Facts, type LaunchSql } from "./launch-sql";

export interface Timing {
  what: string;
  p50Ms: number;
  meanMs: number;
  n: number;
}

async function time(what: string, n: number, fn: (i: number) => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < Math.min(20, n); i++) await fn(i); // warm up
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await fn(i);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { what, p50Ms: samples[Math.floor(n / 2)], meanMs: samples.reduce((a, b) => a + b, 0) / n, n };
}

/** The scans of a statement's plan ("Index Scan on User", "Seq Scan on User"…), from EXPLAIN. */
async function scans(client: pg.Client, text: string, params: unknown[]): Promise<string[]> {
  const { rows } = await client.query<{ "QUERY PLAN": { Plan: PlanNode }[] }>(`EXPLAIN (FORMAT JSON) ${text}`, params);
  const out: string[] = [];
  const walk = (node: PlanNode) => {
    if (node["Relation Name"]) out.push(`${node["Node Type"]} on ${node["Relation Name"]}${node["Index Name"] ? ` (${node["Index Name"]})` : ""}`);
    node.Plans?.forEach(walk);
  };
  walk(rows[0]["QUERY PLAN"][0].Plan);
  return out;
}
interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

export interface Breakdown {
  timings: Timing[];
  /** The scans the planner chose for the facts query, by user id and by UPN. */
  plans: { factsById: string[]; factsByUpn: string[] };
}

export async function breakdown(
  url: string,
  prisma: PrismaClient,
  sql: LaunchSql,
  w: {
    tenantId: string;
    appId: string;
    token: string;
    userIds: string[];
    upnOf: (i: number) => string;
    /** For the claim path: a premium app, and users who can each claim it once (taken from the end). */
    claim?: { appId: string; userIds: string[] };
  },
  n: number,
): Promise<Breakdown> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const user = (i: number) => w.userIds[(i * 7919) % w.userIds.length];
  const tokenHash = hashToken(w.token);
  try {
    const out: Timing[] = [];
    out.push(await time("pg: token look-up", n, () => client.query(sql.tokenLookup.text, bind(sql.tokenLookup.params, { tokenHash }))));
    out.push(
      await time("pg: facts query (user by id)", n, (i) =>
        client.query(sql.facts.text, bind(sql.facts.params, { user: user(i), app: w.appId, tenant: w.tenantId })),
      ),
    );
    const { rows } = await client.query<Facts>(sql.facts.text, bind(sql.facts.params, { user: user(0), app: w.appId, tenant: w.tenantId }));
    out.push(
      await time("pg: launch insert", n, () =>
        client.query(sql.insertLaunch.text, bind(sql.insertLaunch.params, { tenant: w.tenantId, facts: rows[0], decision: "ALLOW", reason: "LICENSED" })),
      ),
    );
    out.push(
      await time("pg: facts query (user by UPN)", Math.max(5, Math.floor(n / 10)), (i) =>
        client.query(sql.factsByUpn.text, bind(sql.factsByUpn.params, { user: w.upnOf((i * 7919) % w.userIds.length), app: w.appId, tenant: w.tenantId })),
      ),
    );
    out.push(await time("Prisma: authenticateToken", n, () => authenticateToken(prisma, `Bearer ${w.token}`, ["launches"])));
    // The same through the process's token cache, as the app's client has it (ADR 32).
    const binding = attachTokenCache(prisma, { url });
    try {
      await binding.listener.ready();
      out.push(await time("Prisma: authenticateToken, cached", n, () => authenticateToken(prisma, `Bearer ${w.token}`, ["launches"])));
    } finally {
      await binding.close();
    }
    out.push(await time("Prisma: recordLaunch (facts + insert)", n, (i) => recordLaunch(prisma, { tenantId: w.tenantId, user: user(i), appId: w.appId })));
    const claim = w.claim;
    if (claim) {
      const samples = Math.min(n, Math.floor(claim.userIds.length / 4));
      // The bare claim statement takes claimers from the start of the list, recordLaunch from the end.
      let first = 0;
      const claimFacts = async () =>
        (await client.query<Facts>(sql.facts.text, bind(sql.facts.params, { user: claim.userIds[first++], app: claim.appId, tenant: w.tenantId }))).rows[0];
      out.push(
        await time("pg: facts + launch_claim (claim path)", samples, async () => {
          const facts = await claimFacts();
          await client.query(sql.claim.text, bind(sql.claim.params, { tenant: w.tenantId, facts }));
        }),
      );
      let k = claim.userIds.length;
      const claimer = () => claim.userIds[--k];
      out.push(
        await time("Prisma: recordLaunch, claim path (facts + launch_claim)", samples, () =>
          recordLaunch(prisma, { tenantId: w.tenantId, user: claimer(), appId: claim.appId }),
        ),
      );
    }
    const plans = {
      factsById: await scans(client, sql.facts.text, bind(sql.facts.params, { user: user(1), app: w.appId, tenant: w.tenantId })),
      factsByUpn: await scans(client, sql.factsByUpn.text, bind(sql.factsByUpn.params, { user: w.upnOf(1), app: w.appId, tenant: w.tenantId })),
    };
    return { timings: out, plans };
  } finally {
    await client.end();
  }
}
