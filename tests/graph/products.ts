/** The products the Graph tests' tenants buy, as Graph lists them (skuPartNumber, service plans, units). */
import type { Tx } from "@/server/db/client";
import { createProduct } from "../factories";

const PREMIUM_PLANS = ["POWERAPPS_PER_USER", "DYN365_CDS_P2", "FLOW_FOR_POWERAPPS"];

/** Power Apps Premium with its three service plans, each plan's id from `planId`. */
export async function createPremium(db: Tx, tenantId: string, purchasedUnits: number, planId: (name: string) => string) {
  const plans = PREMIUM_PLANS.map((name) => ({ servicePlanId: planId(name), servicePlanName: name, displayName: name }));
  const premium = await createProduct(db, tenantId, {
    skuPartNumber: "POWERAPPS_PER_USER",
    displayName: "Power Apps Premium",
    purchasedUnits,
    servicePlans: plans,
  });
  return { plans, premium };
}

/** Microsoft 365 E3: not standalone for any app. */
export function createE3(db: Tx, tenantId: string, purchasedUnits: number) {
  return createProduct(db, tenantId, { skuPartNumber: "SPE_E3", displayName: "Microsoft 365 E3", standaloneFor: null, purchasedUnits });
}

/** Power Automate Premium, one unit: standalone for Power Automate. */
export function createFlowPremium(db: Tx, tenantId: string) {
  return createProduct(db, tenantId, {
    skuPartNumber: "POWERAUTOMATE_PREMIUM",
    displayName: "Power Automate Premium",
    standaloneFor: "POWER_AUTOMATE",
    purchasedUnits: 1,
  });
}
