/**
 * Test data builders, shared by the tests and the seed (prisma/seed/contoso.ts). Each takes the
 * client or a transaction and fills realistic defaults; ids are stable when a `key` is given, so
 * that the seed makes the same tenant on every run.
 */
import { v5 as uuidv5 } from "uuid";
import type { AppKind, AutoClaimApp, LaunchReason, LicenseSource, PolicyScope, Role } from "@/generated/prisma/enums";
import type { Tx } from "@/server/db/client";
import { addMembersTx, assignGroupLicenseTx } from "@/server/domain/groups/membership";
import { hashToken } from "@/server/domain/tokens/hash";

const NAMESPACE = "6f1d7a52-3c0b-4e57-9a44-2b8f0c51d6e3";

/** A UUID derived from its parts: the same parts give the same id on every run. */
export function stableId(...parts: (string | number)[]): string {
  return uuidv5(parts.join(":"), NAMESPACE);
}

let sequence = 0;
const next = () => ++sequence;

export async function createTenant(db: Tx, data: { name?: string; domain?: string; autoClaimEnabled?: boolean; key?: string } = {}) {
  const n = next();
  const domain = data.domain ?? `tenant${n}-${Date.now().toString(36)}.example`;
  return db.tenant.create({
    data: {
      id: data.key ? stableId("tenant", data.key) : undefined,
      name: data.name ?? `Tenant ${n}`,
      domain,
      autoClaimEnabled: data.autoClaimEnabled ?? false,
    },
  });
}

export interface UserInput {
  givenName?: string;
  surname?: string;
  displayName?: string;
  userPrincipalName?: string;
  role?: Role;
  passwordHash?: string | null;
  jobTitle?: string;
  department?: string;
  createdAt?: Date;
}

export async function createUser(db: Tx, tenant: { id: string; domain: string }, data: UserInput = {}) {
  const n = next();
  const givenName = data.givenName ?? "Test";
  const surname = data.surname ?? `User${n}`;
  const upn = data.userPrincipalName ?? `${givenName}.${surname}.${n}@${tenant.domain}`.toLowerCase();
  return db.user.create({
    data: {
      id: stableId("user", upn),
      tenantId: tenant.id,
      givenName,
      surname,
      displayName: data.displayName ?? `${givenName} ${surname}`,
      userPrincipalName: upn,
      mail: upn,
      role: data.role ?? "USER",
      passwordHash: data.passwordHash ?? null,
      jobTitle: data.jobTitle,
      department: data.department,
      usageLocation: "US",
      createdAt: data.createdAt,
    },
  });
}

export interface ServicePlanInput {
  servicePlanId: string;
  servicePlanName: string;
  displayName: string;
}

export interface ProductInput {
  skuPartNumber?: string;
  skuId?: string;
  displayName?: string;
  standaloneFor?: AutoClaimApp | null;
  purchasedUnits?: number;
  servicePlans?: ServicePlanInput[];
}

export async function createProduct(db: Tx, tenantId: string, data: ProductInput = {}) {
  const n = next();
  const skuPartNumber = data.skuPartNumber ?? `TEST_SKU_${n}`;
  const plans = data.servicePlans ?? [{ servicePlanId: stableId("plan", skuPartNumber, 1), servicePlanName: `${skuPartNumber}_APP`, displayName: "App" }];
  return db.product.create({
    data: {
      id: stableId("product", tenantId, skuPartNumber),
      tenantId,
      skuPartNumber,
      skuId: data.skuId ?? stableId("sku", skuPartNumber),
      displayName: data.displayName ?? `Test product ${n}`,
      standaloneFor: data.standaloneFor === undefined ? "POWER_APPS" : data.standaloneFor,
      purchasedUnits: data.purchasedUnits ?? 10,
      servicePlans: { create: plans.map((p, position) => ({ ...p, position })) },
    },
    include: { servicePlans: true },
  });
}

export async function createEnvironment(db: Tx, tenantId: string, data: { name?: string; region?: string; managed?: boolean; createdAt?: Date } = {}) {
  const name = data.name ?? `Environment ${next()}`;
  return db.environment.create({
    data: {
      id: stableId("environment", tenantId, name),
      tenantId,
      name,
      region: data.region ?? "United States",
      managed: data.managed ?? false,
      createdAt: data.createdAt,
    },
  });
}

export async function createApp(
  db: Tx,
  tenantId: string,
  environmentId: string,
  data: { name?: string; kind?: AppKind; premium?: boolean; description?: string; owner?: string } = {},
) {
  const name = data.name ?? `App ${next()}`;
  const kind = data.kind ?? "CANVAS";
  return db.app.create({
    data: {
      id: stableId("app", tenantId, name),
      tenantId,
      environmentId,
      name,
      kind,
      autoClaimApp: kind === "CLOUD_FLOW" ? "POWER_AUTOMATE" : "POWER_APPS",
      premium: data.premium ?? false,
      description: data.description,
      owner: data.owner,
    },
  });
}

export async function createGroup(db: Tx, tenantId: string, data: { displayName?: string; description?: string } = {}) {
  const displayName = data.displayName ?? `Group ${next()}`;
  return db.group.create({
    data: {
      id: stableId("group", tenantId, displayName),
      tenantId,
      displayName,
      description: data.description,
      mailNickname: displayName.replace(/[^A-Za-z0-9]/g, ""),
    },
  });
}

export { addMembersTx as addGroupMembers, assignGroupLicenseTx as assignGroupLicense };

export async function createPolicy(
  db: Tx,
  tenantId: string,
  data: {
    name?: string;
    app?: AutoClaimApp;
    enabled?: boolean;
    scope?: PolicyScope;
    groupId?: string | null;
    productIds: string[];
    autoCreated?: boolean;
    createdAt?: Date;
    /** Report only since then (the policy is off). */
    reportOnlySince?: Date;
  },
) {
  return db.autoClaimPolicy.create({
    data: {
      tenantId,
      name: data.name ?? `Policy ${next()}`,
      app: data.app ?? "POWER_APPS",
      enabled: data.reportOnlySince ? false : (data.enabled ?? true),
      reportOnlySince: data.reportOnlySince ?? null,
      scope: data.scope ?? "MANAGED_ONLY",
      groupId: data.groupId ?? null,
      autoCreated: data.autoCreated ?? false,
      createdAt: data.createdAt,
      products: { create: data.productIds.map((productId, position) => ({ productId, position, disabledPlanIds: [] })) },
    },
    include: { products: true },
  });
}

/** A recorded launch of an app, as the engine writes it (decision and reason given), at `createdAt`. */
export async function createLaunch(
  db: Tx,
  app: { id: string; tenantId: string; environmentId: string; autoClaimApp: AutoClaimApp },
  userId: string,
  data: { createdAt?: Date; decision?: "ALLOW" | "DENY"; reason?: LaunchReason; policyId?: string | null; wouldClaimProductId?: string | null } = {},
) {
  return db.launch.create({
    data: {
      tenantId: app.tenantId,
      userId,
      appId: app.id,
      environmentId: app.environmentId,
      kind: app.autoClaimApp === "POWER_AUTOMATE" ? "FLOW_RUN" : "APP_LAUNCH",
      decision: data.decision ?? "DENY",
      reason: data.reason ?? "POLICY_OFF",
      policyId: data.policyId ?? null,
      wouldClaimProductId: data.wouldClaimProductId ?? null,
      createdAt: data.createdAt,
    },
  });
}

/** A licence held directly (assigned by an admin) or, with `source: "GROUP"`, see assignGroupLicense. */
export async function assignDirect(
  db: Tx,
  tenantId: string,
  userId: string,
  productId: string,
  data: { assignedAt?: Date; assignedById?: string | null; disabledPlanIds?: string[] } = {},
) {
  const source: LicenseSource = "DIRECT";
  return db.licenseAssignment.create({
    data: {
      tenantId,
      userId,
      productId,
      source,
      assignedAt: data.assignedAt,
      assignedById: data.assignedById ?? null,
      disabledPlanIds: data.disabledPlanIds ?? [],
    },
  });
}

/** An API token of the tenant with these scopes; returns the secret to send as `Bearer`. */
export async function createApiToken(db: Tx, tenantId: string, scopes: string[], name = `token ${next()}`): Promise<string> {
  const secret = `test-${scopes.join("-")}-${tenantId}-${next()}`;
  await db.apiToken.create({ data: { tenantId, name, tokenHash: hashToken(secret), prefix: secret.slice(0, 8), scopes } });
  return secret;
}
