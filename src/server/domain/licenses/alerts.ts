/**
 * Pool alerts and runway (SPEC §8.2). The alerts themselves are raised and resolved by the database
 * (the pool-alerts migration, ADR 15): a trigger on "Product" keeps one open alert per level the
 * pool is at or over, and each day's peak of consumed units. Here: editing a product's thresholds
 * (the trigger re-evaluates in the same statement), the open alerts, the runway and the units to
 * buy, and the consumption history for the product page's chart. The arithmetic is in ./units.ts.
 */
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import { recordAudit } from "../audit/service";
import type { DomainContext } from "../context";
import { NotFoundError, ValidationError } from "../errors";
import { isUuid } from "../users/lookup";
import { ALERT_LEVELS, availableUnits, netClaimRate, RUNWAY_WINDOW_DAYS, runwayDays, unitsToBuy, type AlertLevel, type Thresholds } from "./units";
import { waitingByProduct } from "./serving";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Days of history the product page's chart shows. */
export const USAGE_CHART_DAYS = 90;

export const ALERT_LEVEL_LABELS: Record<AlertLevel, string> = { WARNING: "Warning", CRITICAL: "Critical", EMPTY: "Empty" };

const productNotFound = () => new NotFoundError("That product does not exist in this organization.", { code: "NOT_FOUND", field: "productId" });

const percent = (label: string) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v),
    z
      .number({ error: `Enter the ${label} threshold as a whole percent.` })
      .int(`Enter the ${label} threshold as a whole percent.`)
      .min(1, `The ${label} threshold must be at least 1 %.`)
      .max(100, `The ${label} threshold can be at most 100 %.`),
  );

/** The thresholds form and action: whole percents, 1 ≤ warning < critical ≤ empty ≤ 100, each problem beside its field. */
export const thresholdsSchema = z
  .object({
    productId: z.guid({ error: "That product does not exist in this organization." }),
    warningPercent: percent("warning"),
    criticalPercent: percent("critical"),
    emptyPercent: percent("empty"),
  })
  .superRefine((t, issue) => {
    const problem = thresholdsProblem(t);
    if (problem) issue.addIssue({ code: "custom", path: [problem.field], message: problem.message });
  });

/** What is wrong with an order of thresholds (beside which field), or null. */
export function thresholdsProblem(t: Thresholds): { field: keyof Thresholds; message: string } | null {
  for (const field of ["warningPercent", "criticalPercent", "emptyPercent"] as const) {
    const v = t[field];
    if (!Number.isInteger(v) || v < 1 || v > 100) return { field, message: "Enter a whole percent from 1 to 100." };
  }
  if (t.warningPercent >= t.criticalPercent) return { field: "criticalPercent", message: "The critical threshold must be above the warning threshold." };
  if (t.criticalPercent > t.emptyPercent) return { field: "emptyPercent", message: "The empty threshold cannot be below the critical threshold." };
  return null;
}

export interface ThresholdsResult extends Thresholds {
  /** The levels open after the change (the database re-evaluated them in the same statement). */
  openLevels: AlertLevel[];
}

/** Sets a product's thresholds (audited "product.thresholds"); the open alerts follow at once. */
export async function setThresholds(ctx: DomainContext, input: { productId: string } & Thresholds): Promise<ThresholdsResult> {
  const problem = thresholdsProblem(input);
  if (problem) throw new ValidationError(problem.message, { field: problem.field });
  if (!isUuid(input.productId)) throw productNotFound();
  const { db, actor, tenantId } = ctx;
  const { warningPercent, criticalPercent, emptyPercent } = input;
  const saved = await db.$transaction(async (tx) => {
    const [product] = await tx.$queryRaw<({ id: string; displayName: string } & Thresholds)[]>`
      SELECT "id", "displayName", "warningPercent", "criticalPercent", "emptyPercent" FROM "Product"
      WHERE "id" = ${input.productId.toLowerCase()}::uuid AND "tenantId" = ${tenantId}::uuid FOR NO KEY UPDATE`;
    if (!product) throw productNotFound();
    const before = { warningPercent: product.warningPercent, criticalPercent: product.criticalPercent, emptyPercent: product.emptyPercent };
    const after = { warningPercent, criticalPercent, emptyPercent };
    if (before.warningPercent !== warningPercent || before.criticalPercent !== criticalPercent || before.emptyPercent !== emptyPercent) {
      await tx.product.update({ where: { id: product.id, tenantId }, data: after });
      await recordAudit(tx, {
        tenantId,
        actor,
        action: "product.thresholds",
        targetType: "Product",
        targetId: product.id,
        summary: `${product.displayName}: alert thresholds ${before.warningPercent}/${before.criticalPercent}/${before.emptyPercent} % → ${warningPercent}/${criticalPercent}/${emptyPercent} %`,
        before,
        after,
      });
    }
    return after;
  });
  // Read after the commit: the pool is judged at commit (the deferred alert trigger).
  const open = await db.productAlert.findMany({ where: { productId: input.productId.toLowerCase(), resolvedAt: null }, select: { level: true } });
  return { ...saved, openLevels: ALERT_LEVELS.filter((l) => open.some((o) => o.level === l)) };
}

export interface OpenAlert {
  id: string;
  level: AlertLevel;
  raisedAt: Date;
  consumedUnits: number;
  purchasedUnits: number;
  product: { id: string; displayName: string };
}

const SEVERITY: Record<AlertLevel, number> = { EMPTY: 0, CRITICAL: 1, WARNING: 2 };

/** The tenant's open alerts, most severe first, then oldest first. */
export async function listOpenAlerts(db: PrismaClient, tenantId: string): Promise<OpenAlert[]> {
  const rows = await db.productAlert.findMany({
    where: { tenantId, resolvedAt: null },
    orderBy: [{ raisedAt: "asc" }, { id: "asc" }],
    select: { id: true, level: true, raisedAt: true, consumedUnits: true, purchasedUnits: true, product: { select: { id: true, displayName: true } } },
  });
  return rows.sort((a, b) => SEVERITY[a.level] - SEVERITY[b.level]);
}

export interface Runway {
  productId: string;
  displayName: string;
  purchased: number;
  consumed: number;
  available: number;
  /** Net claims per day over the window (claims − releases); ≤ 0 means the pool is not shrinking. */
  ratePerDay: number;
  /** Days the history covers (RUNWAY_WINDOW_DAYS once the product is that old; 0 with no history before today). */
  historyDays: number;
  /** Whole days until empty at that rate; null when not shrinking. */
  runwayDays: number | null;
  /** Units to buy to serve the waiting list plus 30 days of net claims, beyond those available. */
  unitsToBuy: number;
}

const utcDay = (d: Date) => d.toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/**
 * Per product, the runway from the consumption history: (consumed now − consumed RUNWAY_WINDOW_DAYS
 * ago) / RUNWAY_WINDOW_DAYS — the last day recorded on or before then counts as that day; a product
 * younger than the window is measured from its first recorded day. `waiting` (per product id) adds
 * the people waiting for it to the units to buy.
 */
export async function listRunways(
  db: PrismaClient,
  tenantId: string,
  { now = new Date(), productId, waiting: given }: { now?: Date; productId?: string; waiting?: Record<string, number> } = {},
): Promise<Runway[]> {
  if (productId !== undefined && !isUuid(productId)) return [];
  // Units to buy serve the people waiting now (group licences in error and waiting lists) unless told otherwise.
  const waiting = given ?? (await waitingByProduct(db, tenantId, now));
  const today = utcDay(now);
  const windowStart = utcDay(new Date(Date.parse(`${today}T00:00:00Z`) - RUNWAY_WINDOW_DAYS * DAY_MS));
  const rows = await db.$queryRaw<
    {
      id: string;
      displayName: string;
      purchased: number;
      consumed: number;
      baseDay: string | null;
      baseConsumed: number | null;
      firstDay: string | null;
      firstConsumed: number | null;
    }[]
  >`
    SELECT p."id", p."displayName", p."purchasedUnits" AS "purchased", p."consumedUnits" AS "consumed",
      b."day"::text AS "baseDay", b."consumedUnits" AS "baseConsumed", f."day"::text AS "firstDay", f."consumedUnits" AS "firstConsumed"
    FROM "Product" p
    LEFT JOIN LATERAL (
      SELECT d."day", d."consumedUnits" FROM "ProductUsageDay" d
      WHERE d."productId" = p."id" AND d."day" <= ${windowStart}::date ORDER BY d."day" DESC LIMIT 1
    ) b ON true
    LEFT JOIN LATERAL (
      SELECT d."day", d."consumedUnits" FROM "ProductUsageDay" d
      WHERE d."productId" = p."id" AND d."day" > ${windowStart}::date AND d."day" <= ${today}::date ORDER BY d."day" ASC LIMIT 1
    ) f ON true
    WHERE p."tenantId" = ${tenantId}::uuid AND (${productId ?? null}::uuid IS NULL OR p."id" = ${productId?.toLowerCase() ?? null}::uuid)
    ORDER BY p."standaloneFor" ASC NULLS LAST, p."displayName" ASC`;
  return rows.map((r) => {
    const available = availableUnits(r.purchased, r.consumed);
    let historyDays = 0;
    let then = r.consumed;
    if (r.baseDay !== null && r.baseConsumed !== null) {
      historyDays = RUNWAY_WINDOW_DAYS;
      then = r.baseConsumed;
    } else if (r.firstDay !== null && r.firstConsumed !== null) {
      historyDays = daysBetween(r.firstDay, today);
      then = r.firstConsumed;
    }
    const rate = netClaimRate(then, r.consumed, historyDays);
    return {
      productId: r.id,
      displayName: r.displayName,
      purchased: r.purchased,
      consumed: r.consumed,
      available,
      ratePerDay: rate,
      historyDays,
      runwayDays: runwayDays(available, rate),
      unitsToBuy: unitsToBuy(available, rate, waiting[r.id] ?? 0),
    };
  });
}

/** One product's runway, or null when it is not the tenant's. */
export async function getRunway(db: PrismaClient, tenantId: string, productId: string, options: { now?: Date; waiting?: number } = {}) {
  const waiting = options.waiting === undefined ? undefined : { [productId.toLowerCase()]: options.waiting };
  const [runway] = await listRunways(db, tenantId, { now: options.now, productId, waiting });
  return runway ?? null;
}

export interface UsageDay {
  day: string;
  consumed: number;
  purchased: number;
}

/**
 * Consumed vs purchased for each of the last `days` UTC days (the day's peak of consumed units), a
 * day with no change carrying the one before; days before the product's first record are left out.
 */
export async function listUsageDays(
  db: PrismaClient,
  tenantId: string,
  productId: string,
  { now = new Date(), days = USAGE_CHART_DAYS }: { now?: Date; days?: number } = {},
): Promise<UsageDay[]> {
  if (!isUuid(productId)) return [];
  const today = utcDay(now);
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - (days - 1) * DAY_MS);
  const where = { productId: productId.toLowerCase(), product: { tenantId } };
  const [before, rows] = await Promise.all([
    db.productUsageDay.findFirst({ where: { ...where, day: { lt: from } }, orderBy: { day: "desc" } }),
    db.productUsageDay.findMany({ where: { ...where, day: { gte: from, lte: new Date(`${today}T00:00:00Z`) } }, orderBy: { day: "asc" } }),
  ]);
  const byDay = new Map(rows.map((r) => [utcDay(r.day), r]));
  let last: { consumedUnits: number; purchasedUnits: number } | null = before;
  const out: UsageDay[] = [];
  for (let i = 0; i < days; i++) {
    const day = utcDay(new Date(from.getTime() + i * DAY_MS));
    last = byDay.get(day) ?? last;
    if (last) out.push({ day, consumed: last.consumedUnits, purchased: last.purchasedUnits });
  }
  return out;
}

/** A product's thresholds, or null when it is not the tenant's. */
export async function getThresholds(db: PrismaClient, tenantId: string, productId: string): Promise<Thresholds | null> {
  if (!isUuid(productId)) return null;
  return db.product.findFirst({
    where: { id: productId.toLowerCase(), tenantId },
    select: { warningPercent: true, criticalPercent: true, emptyPercent: true },
  });
}

/** The runway in words: "Empty", "Not shrinking", "1 day", "12 days". */
export function runwayLabel(r: Pick<Runway, "available" | "runwayDays">): string {
  if (r.available === 0) return "Empty";
  if (r.runwayDays === null) return "Not shrinking";
  return `${r.runwayDays.toLocaleString("en-US")} ${r.runwayDays === 1 ? "day" : "days"}`;
}

/** Net claims a day in words, e.g. "+1.5", "−0.2", "0". */
export function rateLabel(rate: number): string {
  const rounded = Math.round(rate * 10) / 10;
  if (rounded === 0) return "0";
  return `${rounded > 0 ? "+" : "−"}${Math.abs(rounded).toLocaleString("en-US", { maximumFractionDigits: 1 })}`;
}
