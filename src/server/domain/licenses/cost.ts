/**
 * The cost of licences (SPEC §8.6): a unit price per month and a currency per product (a Global
 * admin sets them, audited as "product.price"), and the reads of Home, Products and the product
 * page:
 * - **monthly cost** = consumed units × unit price;
 * - **idle cost** = the units held by people with no recorded launch, in the 30 days before `now`,
 *   of an app of the auto-claim app the product is standalone for (`Product.standaloneFor` =
 *   `App.autoClaimApp`), × unit price. A suite product (standalone for nothing) covers no
 *   auto-claim app we can observe: its idle cost is not computed, and the reads say so;
 * - **tenant totals** per currency: amounts in different currencies are never added together.
 *
 * Money is computed in whole cents with BigInt and returned as decimal strings ("1234.50"), so no
 * binary rounding ever reaches a total. Reads take `now` (a controlled clock in tests).
 */
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import { isCleanText, text } from "@/lib/text";
import { recordAudit } from "../audit/service";
import type { DomainContext } from "../context";
import { NotFoundError, ValidationError } from "../errors";
import { isUuid } from "../users/lookup";

export const MAX_UNIT_PRICE = 1_000_000;
/** How far back a launch counts as use, for the idle cost. */
export const IDLE_WINDOW_DAYS = 30;
/** The currencies offered first in the form; any other ISO 4217 code (three letters) is accepted too. */
export const COMMON_CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "JPY", "CHF", "SEK", "NOK", "DKK", "INR", "BRL", "CNY", "NZD", "ZAR"] as const;

const DAY_MS = 86_400_000;
const AMOUNT = /^\d{1,7}(?:\.\d{1,2})?$/;
const productNotFound = () => new NotFoundError("That product does not exist in this organization.", { code: "NOT_FOUND", field: "productId" });

/** A unit price from a form or a program: "", null or undefined clear it (not priced); otherwise 0–1,000,000 with at most 2 decimals. */
const unitPrice = z
  .preprocess(
    (v) => (typeof v === "number" && Number.isFinite(v) ? String(v) : v === undefined ? null : v),
    z.union(
      [
        z.null(),
        text({ max: 20, label: "Unit price" }).superRefine((value, ctx) => {
          if (value === "" || !isCleanText(value)) return; // empty clears the price; text() reported the rest
          if (!AMOUNT.test(value)) {
            ctx.addIssue({ code: "custom", message: "Enter an amount like 20 or 20.50: digits, at most 2 decimals." });
          } else if (Number(value) > MAX_UNIT_PRICE) {
            ctx.addIssue({ code: "custom", message: `At most ${MAX_UNIT_PRICE.toLocaleString("en-US")} a unit.` });
          }
        }),
      ],
      { error: "Enter an amount like 20 or 20.50." },
    ),
  )
  .transform((v) => (v === null || v === "" ? null : normaliseAmount(v)));

/** An ISO 4217 code: three letters, stored upper-case. */
const NOT_A_CURRENCY = "A currency is a three-letter ISO 4217 code, such as USD or EUR.";
const currency = text({ max: 20, label: "Currency", required: "Choose a currency.", tooLong: NOT_A_CURRENCY })
  .refine((v) => v.length > 20 || !isCleanText(v) || /^[A-Za-z]{3}$/.test(v), { message: NOT_A_CURRENCY })
  .transform((v) => v.toUpperCase());

export const productPriceSchema = z.object({
  productId: z.guid({ error: "That product does not exist in this organization." }),
  unitPrice,
  currency,
});
export type ProductPriceInput = z.input<typeof productPriceSchema>;

/** "20" → "20.00", "0.5" → "0.50". */
function normaliseAmount(value: string): string {
  const [whole, fraction = ""] = value.split(".");
  return `${BigInt(whole)}.${fraction.padEnd(2, "0")}`;
}

/** "20.50" → 2050n. */
export function toCents(amount: string): bigint {
  const [whole, fraction = ""] = amount.split(".");
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0").slice(0, 2) || "0");
}

/** 2050n → "20.50". */
export function fromCents(cents: bigint): `${number}` {
  const whole = cents / 100n;
  const fraction = (cents % 100n).toString().padStart(2, "0");
  return `${whole}.${fraction}` as `${number}`;
}

/** An amount in its currency, for display ("$1,234.50"): Intl with style currency. */
export function formatMoney(amount: `${number}`, currency: string): string {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(amount);
  } catch {
    return `${currency} ${amount}`;
  }
}

export interface PriceResult {
  unitPrice: string | null;
  currency: string;
}

/**
 * Sets (or, with a null price, clears) a product's unit price per month and its currency. Audited
 * as "product.price" with the price before and after, in the same transaction.
 */
export async function setProductPrice(ctx: DomainContext, input: ProductPriceInput): Promise<PriceResult> {
  const parsed = productPriceSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue.path[0] === "productId") throw productNotFound();
    throw new ValidationError(issue.message, { field: String(issue.path[0] ?? "unitPrice") });
  }
  const { productId, unitPrice, currency } = parsed.data;
  if (!isUuid(productId)) throw productNotFound();
  const { db, actor, tenantId } = ctx;
  return db.$transaction(async (tx) => {
    const [product] = await tx.$queryRaw<{ id: string; displayName: string; unitPrice: string | null; currency: string }[]>`
      SELECT "id", "displayName", "unitPrice"::text AS "unitPrice", "currency" FROM "Product"
      WHERE "id" = ${productId.toLowerCase()}::uuid AND "tenantId" = ${tenantId}::uuid FOR NO KEY UPDATE`;
    if (!product) throw productNotFound();
    if (product.unitPrice === unitPrice && product.currency === currency) return { unitPrice, currency };
    await tx.product.update({ where: { id: product.id, tenantId }, data: { unitPrice, currency } });
    const describe = (price: string | null, code: string) => (price === null ? "not priced" : `${price} ${code} a month`);
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "product.price",
      targetType: "Product",
      targetId: product.id,
      summary: `${product.displayName}: unit price ${describe(product.unitPrice, product.currency)} → ${describe(unitPrice, currency)}`,
      before: { unitPrice: product.unitPrice, currency: product.currency },
      after: { unitPrice, currency },
    });
    return { unitPrice, currency };
  });
}

export interface ProductCost {
  id: string;
  displayName: string;
  /** Null while the product is not priced (then no cost is computed). */
  unitPrice: `${number}` | null;
  currency: string;
  consumed: number;
  /** consumed × unit price; null when not priced. */
  monthlyCost: `${number}` | null;
  /** False for a suite product: no auto-claim app to observe, so idle units are not computed. */
  idleComputed: boolean;
  /** Units held by people with no launch of a covered app in the last 30 days; null for a suite product. */
  idleUnits: number | null;
  /** idleUnits × unit price; null for a suite product or when not priced. */
  idleCost: `${number}` | null;
}

export interface CurrencyTotal {
  currency: string;
  monthlyCost: `${number}`;
  idleCost: `${number}`;
  /** Priced products in this currency. */
  products: number;
}

export interface TenantCosts {
  products: ProductCost[];
  /** One line per currency, in currency order: never summed across currencies. */
  totals: CurrencyTotal[];
  /** Products without a price (not in any total). */
  unpriced: number;
  /** Priced suite products: their idle cost is not part of the idle totals. */
  idleNotComputed: number;
  windowDays: number;
}

interface CostRow {
  id: string;
  displayName: string;
  unitPrice: string | null;
  currency: string;
  consumedUnits: number;
  standalone: boolean;
  idleUnits: number | null;
}

async function costRows(db: PrismaClient, tenantId: string, now: Date, productId?: string): Promise<CostRow[]> {
  const since = new Date(now.getTime() - IDLE_WINDOW_DAYS * DAY_MS);
  return db.$queryRaw<CostRow[]>`
    SELECT p."id", p."displayName", p."unitPrice"::text AS "unitPrice", p."currency", p."consumedUnits",
           p."standaloneFor" IS NOT NULL AS "standalone",
           CASE WHEN p."standaloneFor" IS NULL THEN NULL ELSE (
             SELECT count(*)::int FROM "LicenseSeat" s
             WHERE s."productId" = p."id"
               AND NOT EXISTS (
                 SELECT 1 FROM "Launch" l JOIN "App" a ON a."id" = l."appId"
                 WHERE l."userId" = s."userId" AND l."tenantId" = p."tenantId"
                   AND a."autoClaimApp" = p."standaloneFor"
                   AND l."createdAt" > ${since} AND l."createdAt" <= ${now})
           ) END AS "idleUnits"
    FROM "Product" p
    WHERE p."tenantId" = ${tenantId}::uuid ${productId ? Prisma.sql`AND p."id" = ${productId}::uuid` : Prisma.empty}
    ORDER BY p."displayName", p."id"`;
}

function toProductCost(row: CostRow): ProductCost {
  const price = row.unitPrice === null ? null : toCents(row.unitPrice);
  const idleUnits = row.standalone ? Number(row.idleUnits ?? 0) : null;
  return {
    id: row.id,
    displayName: row.displayName,
    unitPrice: price === null ? null : fromCents(price),
    currency: row.currency,
    consumed: row.consumedUnits,
    monthlyCost: price === null ? null : fromCents(price * BigInt(row.consumedUnits)),
    idleComputed: row.standalone,
    idleUnits,
    idleCost: price === null || idleUnits === null ? null : fromCents(price * BigInt(idleUnits)),
  };
}

/** Every product's cost and the tenant's totals per currency (Home, Products). */
export async function getTenantCosts(db: PrismaClient, tenantId: string, now: Date): Promise<TenantCosts> {
  const products = (await costRows(db, tenantId, now)).map(toProductCost);
  const byCurrency = new Map<string, { monthly: bigint; idle: bigint; products: number }>();
  for (const p of products) {
    if (p.monthlyCost === null) continue;
    const sum = byCurrency.get(p.currency) ?? { monthly: 0n, idle: 0n, products: 0 };
    sum.monthly += toCents(p.monthlyCost);
    if (p.idleCost !== null) sum.idle += toCents(p.idleCost);
    sum.products += 1;
    byCurrency.set(p.currency, sum);
  }
  const totals = [...byCurrency.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, s]) => ({ currency: code, monthlyCost: fromCents(s.monthly), idleCost: fromCents(s.idle), products: s.products }));
  return {
    products,
    totals,
    unpriced: products.filter((p) => p.unitPrice === null).length,
    idleNotComputed: products.filter((p) => p.unitPrice !== null && !p.idleComputed).length,
    windowDays: IDLE_WINDOW_DAYS,
  };
}

/** One product's cost (the product page's Price card); null when it is not in the tenant. */
export async function getProductCost(db: PrismaClient, tenantId: string, productId: string, now: Date): Promise<ProductCost | null> {
  if (!isUuid(productId)) return null;
  const [row] = await costRows(db, tenantId, now, productId.toLowerCase());
  return row ? toProductCost(row) : null;
}
