/**
 * The tenant's settings. The auto-claim setting (SPEC §2) is off by default, turned on from the
 * Auto-claim policy tab ("Turn on setting") and turned off in Org settings ("Let users auto-claim
 * licenses the first time they sign in"); each change is audited in its own transaction.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { recordAudit } from "../audit/service";
import type { DomainContext } from "../context";
import { NotFoundError } from "../errors";

export interface TenantSettings {
  name: string;
  autoClaimEnabled: boolean;
  autoCreatedPolicyDeletedAt: Date | null;
  /** Disabling a user releases their direct licences as well as the auto-claimed ones (SPEC §10.1). */
  disableReleasesDirect: boolean;
}

export async function getTenantSettings(db: PrismaClient, tenantId: string): Promise<TenantSettings> {
  const tenant = await db.tenant.findUnique({
    where: { id: tenantId },
    select: { name: true, autoClaimEnabled: true, autoCreatedPolicyDeletedAt: true, disableReleasesDirect: true },
  });
  if (!tenant) throw new NotFoundError("That organization does not exist.");
  return tenant;
}

/** Turns the auto-claim setting on or off. No change, no audit entry. */
export async function setAutoClaimEnabled(ctx: DomainContext, { enabled }: { enabled: boolean }): Promise<{ changed: boolean; enabled: boolean }> {
  const { db, actor, tenantId } = ctx;
  return db.$transaction(async (tx) => {
    // The row lock orders concurrent switches, so that each audit entry's "before" is what it replaced.
    const [tenant] = await tx.$queryRaw<{ autoClaimEnabled: boolean }[]>`
      SELECT "autoClaimEnabled" FROM "Tenant" WHERE "id" = ${tenantId}::uuid FOR UPDATE`;
    if (!tenant) throw new NotFoundError("That organization does not exist.");
    if (tenant.autoClaimEnabled === enabled) return { changed: false, enabled };
    await tx.tenant.update({ where: { id: tenantId }, data: { autoClaimEnabled: enabled } });
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "tenant.autoClaim",
      targetType: "Tenant",
      targetId: tenantId,
      summary: enabled
        ? "Turned on auto-claim: users get a license the first time they need one"
        : "Turned off auto-claim: no license is claimed automatically",
      before: { autoClaimEnabled: tenant.autoClaimEnabled },
      after: { autoClaimEnabled: enabled },
    });
    return { changed: true, enabled };
  });
}

/** Whether disabling a user releases their direct licences too. No change, no audit entry. */
export async function setDisableReleasesDirect(ctx: DomainContext, { enabled }: { enabled: boolean }): Promise<{ changed: boolean; enabled: boolean }> {
  const { db, actor, tenantId } = ctx;
  return db.$transaction(async (tx) => {
    const [tenant] = await tx.$queryRaw<{ disableReleasesDirect: boolean }[]>`
      SELECT "disableReleasesDirect" FROM "Tenant" WHERE "id" = ${tenantId}::uuid FOR UPDATE`;
    if (!tenant) throw new NotFoundError("That organization does not exist.");
    if (tenant.disableReleasesDirect === enabled) return { changed: false, enabled };
    await tx.tenant.update({ where: { id: tenantId }, data: { disableReleasesDirect: enabled } });
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "tenant.disableReleasesDirect",
      targetType: "Tenant",
      targetId: tenantId,
      summary: enabled ? "Disabling a user now releases their direct licenses too" : "Disabling a user releases only their auto-claimed licenses",
      before: { disableReleasesDirect: tenant.disableReleasesDirect },
      after: { disableReleasesDirect: enabled },
    });
    return { changed: true, enabled };
  });
}
