/**
 * Test worlds for the report's tests: a tenant with a policy, its product, a group carrying the
 * product, an app in a managed environment, and people whose licence the policy auto-claimed (each
 * with the launch that caused it, as the engine writes them).
 */
import type { PrismaClient } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/client";
import {
  addGroupMembers,
  assignGroupLicense,
  createApp,
  createEnvironment,
  createGroup,
  createPolicy,
  createProduct,
  createTenant,
  createUser,
} from "./factories";

/** Where a world's launches happen: its tenant, policy, app and environment. */
type LaunchPlace = { tenantId: string; policyId: string; appId: string; environmentId: string };

/** A launch of the world's app by `userId`, before its decision. */
const appLaunch = (w: LaunchPlace, userId: string) =>
  ({ tenantId: w.tenantId, userId, appId: w.appId, environmentId: w.environmentId, kind: "APP_LAUNCH", policyId: w.policyId }) as const;

export async function createClaim(db: Tx, w: LaunchPlace, userId: string, productId: string, assignedAt = new Date()) {
  const launch = await db.launch.create({ data: { ...appLaunch(w, userId), decision: "ALLOW", reason: "AUTO_CLAIMED", productId, createdAt: assignedAt } });
  return db.licenseAssignment.create({
    data: {
      tenantId: w.tenantId,
      userId,
      productId,
      source: "AUTO_CLAIM",
      policyId: w.policyId,
      productOrder: 0,
      launchId: launch.id,
      assignedAt,
      disabledPlanIds: [],
    },
  });
}

/** A launch the policy refused because no licence was left: what a licence request is asked from. */
export function createRefusedLaunch(db: Tx, w: LaunchPlace, userId: string) {
  return db.launch.create({ data: { ...appLaunch(w, userId), decision: "DENY", reason: "NO_LICENSES_AVAILABLE" } });
}

export async function createReportWorld(prisma: PrismaClient, { people = 6, purchased = 20 }: { people?: number; purchased?: number } = {}) {
  const tenant = await createTenant(prisma, { autoClaimEnabled: true });
  const product = await createProduct(prisma, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: purchased });
  const env = await createEnvironment(prisma, tenant.id, { name: "Production", managed: true });
  const app = await createApp(prisma, tenant.id, env.id, { name: "Inspections", premium: true });
  const policy = await createPolicy(prisma, tenant.id, { name: "Makers policy", productIds: [product.id] });
  const group = await createGroup(prisma, tenant.id, { displayName: "Makers" });
  await assignGroupLicense(prisma, tenant.id, group.id, product.id);
  const admin = await createUser(prisma, tenant, { givenName: "Admin", role: "GLOBAL_ADMIN" });
  const w = { tenantId: tenant.id, tenant, policyId: policy.id, appId: app.id, environmentId: env.id, productId: product.id, groupId: group.id, admin };
  const users = [];
  const claims = [];
  const now = Date.now();
  for (let i = 0; i < people; i++) {
    const user = await createUser(prisma, tenant, { givenName: `Person${String(i).padStart(2, "0")}` });
    users.push(user);
    claims.push(await createClaim(prisma, w, user.id, product.id, new Date(now - i * 3_600_000)));
  }
  return { ...w, users, claims, addMembers: (ids: string[]) => prisma.$transaction((tx) => addGroupMembers(tx, tenant.id, group.id, ids)) };
}
export type ReportWorld = Awaited<ReturnType<typeof createReportWorld>>;
