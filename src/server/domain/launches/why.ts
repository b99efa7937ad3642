/**
 * "Why / why not" (a person's page): what the launch rule would decide now for a person and an app,
 * from today's facts — the same facts statement and the same rule as a launch, read only, nothing
 * claimed or recorded — and the person's recorded launches, each with the trace stored as it was
 * decided (ADR 28).
 */
import type { PrismaClient } from "@/generated/prisma/client";
import type { AutoClaimApp, LaunchDecision, LaunchReason } from "@/generated/prisma/enums";
import { isUuid } from "../users/lookup";
import { traceLaunch, type LaunchTrace, type ProductFact } from "./rules";
import { factsFor, readFacts } from "./service";
import { storedTrace, traceWords, type TraceWords } from "./trace";
import { waitlistPlace } from "./waitlist";

export interface WhyNow {
  app: { id: string; name: string; environmentName: string; managed: boolean; premium: boolean; autoClaimApp: AutoClaimApp };
  /** The account is disabled: it launches nothing (SPEC §10.1), so no rule applies. */
  accountDisabled: boolean;
  trace: LaunchTrace;
  words: TraceWords;
}

/** What a launch of `appId` by `userId` would be decided as now. Null when either is not in the tenant. */
export async function whyNow(db: PrismaClient, tenantId: string, { userId, appId }: { userId: string; appId: string }): Promise<WhyNow | null> {
  if (!isUuid(userId) || !isUuid(appId)) return null;
  const row = await readFacts(db, { tenantId, user: userId, appId });
  if (!row) return null;
  const [products, waitlistPosition] = row.policyId
    ? await Promise.all([policyProducts(db, row.policyId), waitlistPlace(db, { policyId: row.policyId, userId: row.userId })])
    : [[], null];
  const trace = traceLaunch({
    ...factsFor(row),
    productsAvailable: products.map((p) => (p.left ?? 0) > 0),
    products,
    waitlistPosition,
  });
  return {
    app: {
      id: row.appId,
      name: row.appName,
      environmentName: row.environmentName,
      managed: row.managed,
      premium: row.premium,
      autoClaimApp: row.autoClaimApp,
    },
    accountDisabled: !row.accountEnabled,
    trace,
    words: traceWords(trace, row.autoClaimApp),
  };
}

/** The policy's products in order with their units left now (the page reads them; a launch reads them only when every one is used up). */
async function policyProducts(db: PrismaClient, policyId: string): Promise<ProductFact[]> {
  const rows = await db.policyProduct.findMany({
    where: { policyId },
    orderBy: { position: "asc" },
    select: { product: { select: { displayName: true, purchasedUnits: true, consumedUnits: true } } },
  });
  return rows.map(({ product: p }) => ({ name: p.displayName, left: Math.max(p.purchasedUnits - p.consumedUnits, 0), purchased: p.purchasedUnits }));
}

export interface LaunchHistoryRow {
  id: string;
  createdAt: Date;
  appName: string;
  environmentName: string;
  decision: LaunchDecision;
  reason: LaunchReason;
  productName: string | null;
  /** The rule's trace as it decided then, in words; null for a launch recorded before traces were. */
  words: TraceWords | null;
}

export const LAUNCH_HISTORY_SIZE = 20;

/** The person's latest launches, newest first, each with its stored trace in words. */
export async function listLaunchesOf(db: PrismaClient, tenantId: string, userId: string, take = LAUNCH_HISTORY_SIZE): Promise<LaunchHistoryRow[]> {
  if (!isUuid(userId)) return [];
  return readLaunches(db, { tenantId, userId }, take);
}

async function readLaunches(db: PrismaClient, where: { tenantId: string; userId: string; id?: string }, take: number): Promise<LaunchHistoryRow[]> {
  const rows = await db.launch.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: {
      id: true,
      createdAt: true,
      decision: true,
      reason: true,
      trace: true,
      app: { select: { name: true, autoClaimApp: true } },
      environment: { select: { name: true } },
      product: { select: { displayName: true } },
    },
  });
  return rows.map((r) => {
    const trace = storedTrace(r.trace);
    return {
      id: r.id,
      createdAt: r.createdAt,
      appName: r.app.name,
      environmentName: r.environment.name,
      decision: r.decision,
      reason: r.reason,
      productName: r.product?.displayName ?? null,
      words: trace ? traceWords(trace, r.app.autoClaimApp) : null,
    };
  });
}

/** One of the person's launches with its stored trace (a report row's "Why"); null when it is not theirs. */
export async function getLaunchOf(db: PrismaClient, tenantId: string, userId: string, launchId: string): Promise<LaunchHistoryRow | null> {
  if (!isUuid(userId) || !isUuid(launchId)) return null;
  const rows = await readLaunches(db, { tenantId, userId, id: launchId.toLowerCase() }, 1);
  return rows[0] ?? null;
}

/** The app a person's page explains first: their latest launch's, else the first premium app. */
export async function defaultWhyApp(db: PrismaClient, tenantId: string, userId: string): Promise<string | null> {
  if (!isUuid(userId)) return null;
  const last = await db.launch.findFirst({ where: { tenantId, userId }, orderBy: { createdAt: "desc" }, select: { appId: true } });
  if (last) return last.appId;
  const app = await db.app.findFirst({ where: { tenantId }, orderBy: [{ premium: "desc" }, { name: "asc" }], select: { id: true } });
  return app?.id ?? null;
}
