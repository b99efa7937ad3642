import type { PrismaClient } from "@/generated/prisma/client";
import type { AutoClaimApp } from "@/generated/prisma/enums";
import { availableUnits, highestAlertLevel, percentConsumed, type AlertLevel } from "./units";

export interface ProductSummary {
  id: string;
  skuId: string;
  skuPartNumber: string;
  displayName: string;
  standaloneFor: AutoClaimApp | null;
  purchased: number;
  consumed: number;
  available: number;
  percentConsumed: number;
  /** The highest level of the product's open alerts (raised by the database, as the Alerts list shows), or null. */
  alert: AlertLevel | null;
  /** Licences of this product assigned by auto-claim policies in the window. */
  recentClaims: number;
}

export interface LicenseOverview {
  products: ProductSummary[];
  /** Launches refused with NO_LICENSES_AVAILABLE in the window: people who needed a licence and got none. */
  unmetDemand: number;
  windowDays: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Per product: purchased, consumed, available, highest open alert and recent claims, plus unmet demand (Home). */
export async function getLicenseOverview(
  db: PrismaClient,
  tenantId: string,
  { now = new Date(), windowDays = 7 }: { now?: Date; windowDays?: number } = {},
): Promise<LicenseOverview> {
  const since = new Date(now.getTime() - windowDays * DAY_MS);
  const [products, claims, unmetDemand, openAlerts] = await Promise.all([
    db.product.findMany({ where: { tenantId }, orderBy: [{ standaloneFor: "asc" }, { displayName: "asc" }] }),
    db.licenseAssignment.groupBy({
      by: ["productId"],
      where: { tenantId, source: "AUTO_CLAIM", assignedAt: { gte: since } },
      _count: { _all: true },
    }),
    db.launch.count({ where: { tenantId, reason: "NO_LICENSES_AVAILABLE", createdAt: { gte: since } } }),
    db.productAlert.findMany({ where: { tenantId, resolvedAt: null }, select: { productId: true, level: true } }),
  ]);
  const claimsByProduct = new Map(claims.map((c) => [c.productId, c._count._all]));
  const levelsByProduct = new Map<string, AlertLevel[]>();
  for (const a of openAlerts) levelsByProduct.set(a.productId, [...(levelsByProduct.get(a.productId) ?? []), a.level]);
  return {
    windowDays,
    unmetDemand,
    products: products.map((p) => ({
      id: p.id,
      skuId: p.skuId,
      skuPartNumber: p.skuPartNumber,
      displayName: p.displayName,
      standaloneFor: p.standaloneFor,
      purchased: p.purchasedUnits,
      consumed: p.consumedUnits,
      available: availableUnits(p.purchasedUnits, p.consumedUnits),
      percentConsumed: percentConsumed(p.purchasedUnits, p.consumedUnits),
      alert: highestAlertLevel(levelsByProduct.get(p.id) ?? []),
      recentClaims: claimsByProduct.get(p.id) ?? 0,
    })),
  };
}

/** A person's licences with where each comes from (Direct, Auto-claim — which policy, Group — which group). */
export async function listLicensesOf(db: PrismaClient, tenantId: string, userId: string) {
  return db.licenseAssignment.findMany({
    where: { tenantId, userId },
    orderBy: [{ product: { displayName: "asc" } }, { assignedAt: "asc" }],
    select: {
      id: true,
      source: true,
      assignedAt: true,
      product: { select: { id: true, displayName: true, standaloneFor: true } },
      policy: { select: { id: true, name: true, deletedAt: true } },
      membership: { select: { group: { select: { id: true, displayName: true } } } },
    },
  });
}
