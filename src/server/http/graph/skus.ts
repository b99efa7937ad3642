/** The tenant's products as Microsoft Graph v1.0 shows them (microsoft.graph.subscribedSku). */
import type { PrismaClient } from "@/generated/prisma/client";

export interface GraphSubscribedSku {
  accountId: string;
  accountName: string;
  appliesTo: "User";
  capabilityStatus: "Enabled";
  consumedUnits: number;
  id: string;
  prepaidUnits: { enabled: number; suspended: 0; warning: 0; lockedOut: 0 };
  servicePlans: { servicePlanId: string; servicePlanName: string; provisioningStatus: "Success"; appliesTo: "User" }[];
  skuId: string;
  skuPartNumber: string;
  subscriptionIds: string[];
}

export async function listSubscribedSkus(db: PrismaClient, tenantId: string): Promise<GraphSubscribedSku[]> {
  const tenant = await db.tenant.findUniqueOrThrow({
    where: { id: tenantId },
    select: {
      name: true,
      products: {
        orderBy: { skuPartNumber: "asc" },
        select: {
          skuId: true,
          skuPartNumber: true,
          purchasedUnits: true,
          consumedUnits: true,
          servicePlans: { orderBy: { position: "asc" }, select: { servicePlanId: true, servicePlanName: true } },
        },
      },
    },
  });
  return tenant.products.map((p) => ({
    accountId: tenantId,
    accountName: tenant.name,
    appliesTo: "User",
    capabilityStatus: "Enabled",
    consumedUnits: p.consumedUnits,
    // Graph's id of a subscribed SKU is "<tenant id>_<SKU id>".
    id: `${tenantId}_${p.skuId}`,
    prepaidUnits: { enabled: p.purchasedUnits, suspended: 0, warning: 0, lockedOut: 0 },
    servicePlans: p.servicePlans.map((s) => ({
      servicePlanId: s.servicePlanId,
      servicePlanName: s.servicePlanName,
      provisioningStatus: "Success",
      appliesTo: "User",
    })),
    skuId: p.skuId,
    skuPartNumber: p.skuPartNumber,
    subscriptionIds: [],
  }));
}
