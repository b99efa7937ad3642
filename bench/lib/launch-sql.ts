/**
 * The SQL of the launch decision, taken from the code itself rather than copied: `captureLaunchSql`
 * runs `recordLaunch` (and `authenticateToken`) once on a Prisma client with query events and keeps
 * the statements they sent, with their parameters turned into a template (which parameter is the
 * user, the app, the tenant, the new launch's id, the clock…). The bare `node:http` server
 * (bare-server.ts) replays exactly these statements through `pg`, so it cannot drift from the
 * decision; bench.smoke.test.ts checks that the capture still finds the two statements it expects.
 */
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/generated/prisma/client";
import { recordLaunch } from "@/server/domain/launches/service";
import { authenticateToken } from "@/server/domain/tokens/service";
import { hashToken } from "@/server/domain/tokens/hash";
import type { BenchWorld } from "./seed";

export interface QueryEvent {
  query: string;
  params: string;
  duration: number;
}

/** Subscribes to a client made with `log: [{ emit: "event", level: "query" }]`. */
export function onQuery(prisma: PrismaClient, listener: (e: QueryEvent) => void): void {
  (prisma as unknown as { $on(e: "query", cb: (e: QueryEvent) => void): void }).$on("query", listener);
}

/** Where a parameter's value comes from when the statement is replayed. */
export type ParamSource =
  | { from: "const"; value: unknown }
  | { from: "user" | "app" | "tenant" | "newId" | "now" | "tokenHash" }
  | { from: "fact"; column: string }
  | { from: "decision" | "reason" | "kind" | "policyId" | "productId" };

export interface StatementTemplate {
  text: string;
  params: ParamSource[];
}

export interface LaunchSql {
  /** The facts of the decision in one statement (readFacts). */
  facts: StatementTemplate;
  /** The launch row of a launch that claims nothing (recordLaunch's raw insert), parameters by column. */
  insertLaunch: StatementTemplate;
  /** The claim (launch_claim, ADR 34), parameters by the function's arguments. */
  claim: StatementTemplate;
  /** The API token look-up of authenticateToken. */
  tokenLookup: StatementTemplate;
  /** The facts query when the user is named by user principal name instead of id. */
  factsByUpn: StatementTemplate;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Parses `INSERT INTO "…" ("a","b",…) VALUES ($1,CAST($2::text AS …),…) [RETURNING …]` into column → parameter index. */
export function insertColumns(text: string): Map<string, number> {
  const m = /INSERT INTO [^(]+\(([^)]*)\)\s*VALUES\s*\((.*)\)\s*(?:RETURNING\b.*)?$/s.exec(text.trim());
  if (!m) throw new Error(`not an INSERT … VALUES … statement: ${text.slice(0, 120)}`);
  const columns = m[1].split(",").map((c) => c.trim().replace(/^"|"$/g, ""));
  // Split the VALUES list on top-level commas (CAST(… AS …) has none at top level, but be safe).
  const values: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of m[2]) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      values.push(current);
      current = "";
    } else current += ch;
  }
  values.push(current);
  if (values.length !== columns.length) throw new Error(`INSERT has ${columns.length} columns but ${values.length} values`);
  const out = new Map<string, number>();
  columns.forEach((column, i) => {
    const p = /\$(\d+)/.exec(values[i]);
    if (p) out.set(column, Number(p[1]) - 1);
  });
  return out;
}

const LAUNCH_COLUMNS: Record<string, ParamSource> = {
  id: { from: "newId" },
  tenantId: { from: "tenant" },
  userId: { from: "fact", column: "userId" },
  appId: { from: "fact", column: "appId" },
  environmentId: { from: "fact", column: "environmentId" },
  kind: { from: "kind" },
  decision: { from: "decision" },
  reason: { from: "reason" },
  policyId: { from: "policyId" },
  productId: { from: "productId" },
  // Only a report-only policy's launch names a product it would have claimed; the replayed launches never do.
  wouldClaimProductId: { from: "const", value: null },
  createdAt: { from: "now" },
};

/**
 * Launch columns replayed as recordLaunch sent them for the captured launch. The rule's trace (ADR 28):
 * every launch the bare server replays takes the captured one's path (the same app, a licensed user),
 * so the same steps and the same bytes.
 */
const CAPTURED_LAUNCH_COLUMNS = new Set(["trace"]);

/**
 * launch_claim's arguments in order (migration 20261203160000): the replay binds them from the facts
 * of its own launch; the rule's traces are replayed as captured (every replayed claim takes the
 * captured one's path: the same app and policy, a user holding nothing).
 */
const CLAIM_ARGUMENTS: ParamSource[] = [
  { from: "tenant" },
  { from: "fact", column: "userId" },
  { from: "fact", column: "appId" },
  { from: "fact", column: "environmentId" },
  { from: "kind" },
  { from: "fact", column: "policyId" },
  { from: "fact", column: "autoClaimApp" },
  { from: "now" },
];

/** The facts query's parameters: which one is the user (as sent: id or UPN), the app, the tenant. */
function factsTemplate(event: QueryEvent, user: string, input: { appId: string; tenantId: string }): ParamSource[] {
  return (JSON.parse(event.params) as unknown[]).map((value): ParamSource => {
    if (value === user) return { from: "user" };
    if (value === input.appId) return { from: "app" };
    if (value === input.tenantId) return { from: "tenant" };
    return { from: "const", value };
  });
}

/**
 * Runs one launch that needs no claim (the user holds a licence) and one token check on `prisma`
 * (a client with query events), and returns the statements as templates.
 */
/** The inputs captureLaunchSql needs, from the bench tenant: its first licensed user and premium app. */
export function launchSqlInputOf(world: BenchWorld) {
  return {
    tenantId: world.tenantId,
    userId: world.licensedUserIds[0],
    upn: `bench.user1@${world.domain}`,
    appId: world.apps.premiumManaged,
    token: world.token,
    tokenHash: hashToken(world.token),
    // A user from the middle: the next start claim load takes users from the first, the bare one after this one, the breakdown the last.
    claim: { userId: world.allUserIds[Math.floor(world.allUserIds.length / 2)], appId: world.apps.premiumFlow },
  };
}

export async function captureLaunchSql(
  prisma: PrismaClient,
  input: { tenantId: string; userId: string; upn: string; appId: string; token: string; tokenHash: string; claim: { userId: string; appId: string } },
): Promise<LaunchSql> {
  const events: QueryEvent[] = [];
  let recording = false;
  onQuery(prisma, (e) => {
    if (recording) events.push(e);
  });

  recording = true;
  const result = await recordLaunch(prisma, { tenantId: input.tenantId, user: input.userId, appId: input.appId });
  recording = false;
  if (result.reason !== "LICENSED" && result.reason !== "NOT_REQUIRED") {
    throw new Error(`captureLaunchSql needs a launch that claims nothing; got ${result.reason}`);
  }
  if (events.length !== 2)
    throw new Error(`recordLaunch sent ${events.length} statements on the ${result.reason} path; the bare server replays exactly 2 (facts, launch row)`);
  const [factsEvent, insertEvent] = events;
  if (!/FROM "App"/.test(factsEvent.query)) throw new Error("the first statement of recordLaunch is no longer the facts query");
  if (!/INSERT INTO ("public"\.)?"Launch"/.test(insertEvent.query)) throw new Error("the second statement of recordLaunch is no longer the launch insert");

  const factsParams = factsTemplate(factsEvent, input.userId, input);
  if (!factsParams.some((p) => p.from === "user") || !factsParams.some((p) => p.from === "app")) {
    throw new Error("could not tell the user and app parameters of the facts query apart");
  }

  const insertValues = JSON.parse(insertEvent.params) as unknown[];
  const insertParams: ParamSource[] = insertValues.map((value) => ({ from: "const", value }));
  for (const [column, index] of insertColumns(insertEvent.query)) {
    if (CAPTURED_LAUNCH_COLUMNS.has(column)) continue;
    const source = LAUNCH_COLUMNS[column];
    if (!source) throw new Error(`the launch insert has a column the bare server does not know: ${column}`);
    insertParams[index] = source;
  }
  const unmapped = insertParams.filter((p) => p.from === "const" && typeof p.value === "string" && ISO_DATE.test(p.value));
  if (unmapped.length) throw new Error("the launch insert sends a timestamp the bare server would replay as a constant");

  events.length = 0;
  recording = true;
  const claimed = await recordLaunch(prisma, { tenantId: input.tenantId, user: input.claim.userId, appId: input.claim.appId });
  recording = false;
  if (claimed.reason !== "AUTO_CLAIMED") throw new Error(`captureLaunchSql needs a launch that claims; got ${claimed.reason}`);
  const claimEvent = events[1];
  if (events.length !== 2 || !/launch_claim\(/.test(claimEvent.query))
    throw new Error(`recordLaunch's claim is no longer the facts and one launch_claim statement (${events.length} statements)`);
  const claimValues = JSON.parse(claimEvent.params) as unknown[];
  if (claimValues.length !== CLAIM_ARGUMENTS.length + 1)
    throw new Error(`launch_claim takes ${claimValues.length} arguments; the bare server knows ${CLAIM_ARGUMENTS.length + 1}`);
  const claimParams: ParamSource[] = [...CLAIM_ARGUMENTS, { from: "const", value: claimValues[CLAIM_ARGUMENTS.length] }];

  events.length = 0;
  recording = true;
  await recordLaunch(prisma, { tenantId: input.tenantId, user: input.upn, appId: input.appId });
  recording = false;
  const upnEvent = events.find((e) => /FROM "App"/.test(e.query) && /lower\(/.test(e.query));
  if (!upnEvent) throw new Error("recordLaunch by UPN sent no facts query");
  const upnParams = factsTemplate(upnEvent, input.upn, input);

  events.length = 0;
  recording = true;
  await authenticateToken(prisma, `Bearer ${input.token}`, ["launches"]);
  recording = false;
  const tokenEvent = events.find((e) => /"ApiToken"/.test(e.query) && /^SELECT/i.test(e.query.trim()));
  if (!tokenEvent) throw new Error("authenticateToken sent no ApiToken look-up");
  const tokenParams = (JSON.parse(tokenEvent.params) as unknown[]).map((value): ParamSource =>
    value === input.tokenHash ? { from: "tokenHash" } : { from: "const", value },
  );

  return {
    factsByUpn: { text: upnEvent.query, params: upnParams },
    facts: { text: factsEvent.query, params: factsParams },
    insertLaunch: { text: insertEvent.query, params: insertParams },
    claim: { text: claimEvent.query, params: claimParams },
    tokenLookup: { text: tokenEvent.query, params: tokenParams },
  };
}

/** The columns of the facts row that the replay needs. */
export interface Facts {
  userId: string;
  appId: string;
  environmentId: string;
  autoClaimApp: string;
  premium: boolean;
  policyHasUnits: boolean;
  managed: boolean;
  autoClaimEnabled: boolean;
  holdsStandalone: boolean;
  policyId: string | null;
  policyEnabled: boolean | null;
  policyScope: "MANAGED_ONLY" | "ALL_ENVIRONMENTS" | null;
}

// As in service.ts: the launch row names the policy when the decision consulted it.
const POOL_REASONS = new Set(["POLICY_OFF", "OUT_OF_SCOPE", "AUTO_CLAIMED", "NO_LICENSES_AVAILABLE", "POLICY_CAP_REACHED"]);

export type Values = { user?: string; app?: string; tenant?: string; tokenHash?: string; facts?: Facts; decision?: string; reason?: string; newId?: string };

/** The parameters of a captured statement for one replay. */
export function bind(params: ParamSource[], v: Values): unknown[] {
  return params.map((p) => {
    switch (p.from) {
      case "const":
        return p.value;
      case "user":
        return v.user;
      case "app":
        return v.app;
      case "tenant":
        return v.tenant;
      case "tokenHash":
        return v.tokenHash;
      case "newId":
        return v.newId ?? randomUUID();
      case "now":
        return new Date().toISOString();
      case "fact":
        return (v.facts as unknown as Record<string, unknown>)[p.column];
      case "kind":
        return v.facts!.autoClaimApp === "POWER_AUTOMATE" ? "FLOW_RUN" : "APP_LAUNCH";
      case "decision":
        return v.decision;
      case "reason":
        return v.reason;
      case "policyId":
        return POOL_REASONS.has(v.reason!) ? v.facts!.policyId : null;
      case "productId":
        return null;
    }
  });
}
