/**
 * Reclaim rules and their dry run (SPEC §8.3). A rule is set on the policy's details page, audited
 * as "reclaim.rule"; every change puts it back in report only. The dry run answers, for `now`, who a
 * run would release, when, and the units and money that frees — from one set-based read of the
 * policy's auto-claimed holdings with each holder's last covered launch and groups, judged by the
 * pure `selectCandidates`. Direct and group assignments are never candidates.
 */
import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import type { ReclaimMode } from "@/generated/prisma/enums";
import { recordAudit } from "../audit/service";
import type { DomainContext } from "../context";
import { ValidationError } from "../errors";
import { fromCents, toCents } from "../licenses/cost";
import { PolicyNotFoundError } from "../policies/errors";
import { findUserRef, isUuid } from "../users/lookup";
import { RECLAIM_DEFAULTS, releaseDate, selectCandidates, type Holding, type SkipReason } from "./candidates";
import { cancelOpenNoticesTx } from "./notices";
import { allowlistEntries, ALLOWLIST_MAX, type ReclaimRuleInput } from "./schema";

export interface ReclaimRuleView {
  policyId: string;
  enabled: boolean;
  mode: ReclaimMode;
  inactivityDays: number;
  graceDays: number;
  noticeDays: number;
  capPercent: number;
  allowUsers: { id: string; userPrincipalName: string }[];
  allowGroups: { id: string; displayName: string }[];
  updatedAt: Date | null;
}

export async function policyOf(db: PrismaClient | Prisma.TransactionClient, tenantId: string, policyId: string) {
  if (!isUuid(policyId)) throw new PolicyNotFoundError();
  const policy = await db.autoClaimPolicy.findFirst({
    where: { id: policyId.toLowerCase(), tenantId, deletedAt: null },
    select: { id: true, name: true, app: true },
  });
  if (!policy) throw new PolicyNotFoundError();
  return policy;
}

/** The policy's rule, or the defaults (off) when it has none. */
export async function getReclaimRule(db: PrismaClient, tenantId: string, policyId: string): Promise<ReclaimRuleView> {
  return ruleView(db, tenantId, await policyOf(db, tenantId, policyId));
}

async function ruleView(db: PrismaClient, tenantId: string, policy: { id: string }): Promise<ReclaimRuleView> {
  const rule = await db.reclaimRule.findUnique({ where: { policyId: policy.id, tenantId } });
  const [users, groups] = await Promise.all([
    rule?.allowUserIds.length
      ? db.user.findMany({
          where: { tenantId, id: { in: rule.allowUserIds } },
          select: { id: true, userPrincipalName: true },
          orderBy: { userPrincipalName: "asc" },
        })
      : [],
    rule?.allowGroupIds.length
      ? db.group.findMany({ where: { tenantId, id: { in: rule.allowGroupIds } }, select: { id: true, displayName: true }, orderBy: { displayName: "asc" } })
      : [],
  ]);
  return {
    policyId: policy.id,
    enabled: rule?.enabled ?? false,
    mode: rule?.mode ?? "REPORT_ONLY",
    inactivityDays: rule?.inactivityDays ?? RECLAIM_DEFAULTS.inactivityDays,
    graceDays: rule?.graceDays ?? RECLAIM_DEFAULTS.graceDays,
    noticeDays: rule?.noticeDays ?? RECLAIM_DEFAULTS.noticeDays,
    capPercent: rule?.capPercent ?? RECLAIM_DEFAULTS.capPercent,
    allowUsers: users,
    allowGroups: groups,
    updatedAt: rule?.updatedAt ?? null,
  };
}

/**
 * Saves the rule. People on the allowlist are named by UPN (matched literally) or id; one that is
 * not in the organization is refused beside the field, and nothing is written. Any change puts the
 * rule in report only. No change, no audit entry.
 */
export async function setReclaimRule(ctx: DomainContext, input: ReclaimRuleInput): Promise<{ changed: boolean; mode: ReclaimMode }> {
  const { db, actor, tenantId } = ctx;
  const entries = allowlistEntries(input.allowUsers);
  if (entries.length > ALLOWLIST_MAX) throw new ValidationError(`At most ${ALLOWLIST_MAX} people on the allowlist.`, { field: "allowUsers" });
  return db.$transaction(async (tx) => {
    const policy = await policyOf(tx, tenantId, input.policyId);
    await tx.$queryRaw`SELECT 1 FROM "AutoClaimPolicy" WHERE "id" = ${policy.id}::uuid FOR NO KEY UPDATE`;
    const users: { id: string; userPrincipalName: string }[] = [];
    const unknown: string[] = [];
    for (const entry of entries) {
      const user = await findUserRef(tx, tenantId, entry);
      if (user) users.push({ id: user.id, userPrincipalName: user.userPrincipalName });
      else unknown.push(entry);
    }
    if (unknown.length > 0) {
      throw new ValidationError(`Not in your organization: ${unknown.slice(0, 5).join(", ")}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ""}.`, {
        field: "allowUsers",
      });
    }
    const groupIds = [...new Set((input.allowGroupIds ?? []).map((g) => g.toLowerCase()))];
    const groups = groupIds.length ? await tx.group.findMany({ where: { tenantId, id: { in: groupIds } }, select: { id: true, displayName: true } }) : [];
    if (groups.length !== groupIds.length) throw new ValidationError("Choose groups from the list.", { field: "allowGroupIds" });

    const before = await tx.reclaimRule.findUnique({ where: { policyId: policy.id, tenantId } });
    const next = {
      enabled: input.enabled,
      inactivityDays: input.inactivityDays,
      graceDays: input.graceDays,
      noticeDays: input.noticeDays,
      capPercent: input.capPercent,
      allowUserIds: [...new Set(users.map((u) => u.id))].sort(),
      allowGroupIds: groups.map((g) => g.id).sort(),
    };
    const old = before && {
      enabled: before.enabled,
      inactivityDays: before.inactivityDays,
      graceDays: before.graceDays,
      noticeDays: before.noticeDays,
      capPercent: before.capPercent,
      allowUserIds: [...before.allowUserIds].sort(),
      allowGroupIds: [...before.allowGroupIds].sort(),
    };
    if (old && JSON.stringify(old) === JSON.stringify(next)) return { changed: false, mode: before.mode };
    if (!old && !next.enabled) return { changed: false, mode: "REPORT_ONLY" as const };
    await tx.reclaimRule.upsert({
      where: { policyId: policy.id, tenantId },
      create: { policyId: policy.id, tenantId, ...next, mode: "REPORT_ONLY" },
      update: { ...next, mode: "REPORT_ONLY", updatedAt: new Date() },
    });
    // A changed rule is judged afresh in report only: the notices it gave while enforcing no longer stand.
    if (before?.mode === "ENFORCE") await cancelOpenNoticesTx(tx, policy.id, "RULE_CHANGED", new Date());
    const words = next.enabled
      ? `release auto-claimed licenses unused for ${next.inactivityDays} days (grace ${next.graceDays} days, notice ${next.noticeDays} days, at most ${next.capPercent} % a run), report only`
      : "turned off";
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "reclaim.rule",
      targetType: "AutoClaimPolicy",
      targetId: policy.id,
      summary: `Reclaim rule of “${policy.name}”: ${words}`,
      before: old ? { ...old, mode: before!.mode } : null,
      after: {
        ...next,
        mode: "REPORT_ONLY",
        allowUsers: users.map((u) => u.userPrincipalName),
        allowGroups: groups.map((g) => g.displayName),
      },
    });
    return { changed: true, mode: "REPORT_ONLY" as const };
  });
}

export interface HoldingRow extends Holding {
  displayName: string;
  userPrincipalName: string;
  /** The holding's open keep-or-release notice, if it has one. */
  openNoticeId: string | null;
}

/**
 * The policy's active auto-claimed holdings, each with its holder's last covered launch up to `now`,
 * their last Keep it (from the notices they kept) and groups: one set-based read (ADR 18).
 */
export async function readHoldings(
  db: PrismaClient | Prisma.TransactionClient,
  tenantId: string,
  policy: { id: string; app: string },
  now: Date,
): Promise<HoldingRow[]> {
  return db.$queryRaw<HoldingRow[]>(Prisma.sql`
    SELECT la."id" AS "assignmentId", la."userId", la."productId", la."assignedAt",
           u."displayName", u."userPrincipalName",
           (SELECT max(l."createdAt") FROM "Launch" l JOIN "App" a ON a."id" = l."appId"
             WHERE l."userId" = la."userId" AND a."autoClaimApp" = ${policy.app}::"AutoClaimApp" AND l."createdAt" <= ${now}) AS "lastLaunchAt",
           (SELECT max(n."closedAt") FROM "ReclaimNotice" n WHERE n."assignmentId" = la."id" AND n."status" = 'KEPT') AS "keptAt",
           (SELECT n."id" FROM "ReclaimNotice" n WHERE n."assignmentId" = la."id" AND n."status" = 'OPEN' LIMIT 1) AS "openNoticeId",
           COALESCE((SELECT array_agg(gm."groupId"::text) FROM "GroupMember" gm WHERE gm."userId" = la."userId"), ARRAY[]::text[]) AS "groupIds"
      FROM "LicenseAssignment" la
      JOIN "User" u ON u."id" = la."userId"
     WHERE la."tenantId" = ${tenantId}::uuid AND la."policyId" = ${policy.id}::uuid
       AND la."source" = 'AUTO_CLAIM' AND la."state" = 'ACTIVE'`);
}

export interface DryRunRow {
  assignmentId: string;
  userId: string;
  displayName: string;
  userPrincipalName: string;
  productId: string;
  productName: string;
  lastUsedAt: Date;
  idleDays: number;
  /** A notice given now would release it then. */
  releaseOn: Date;
}

export interface DryRun {
  rows: DryRunRow[];
  skipped: Record<SkipReason, number>;
  /** Units the run would free, by product. */
  units: { productId: string; productName: string; units: number }[];
  /** What those units cost a month, per currency (priced products only). */
  monthlySavings: { currency: string; amount: `${number}` }[];
}

/** Who a run of the policy's rule would release now. Reads only. */
export async function dryRun(db: PrismaClient, tenantId: string, policyId: string, now: Date): Promise<DryRun> {
  const policy = await policyOf(db, tenantId, policyId);
  const rule = await ruleView(db, tenantId, policy);
  const rows = await readHoldings(db, tenantId, policy, now);
  const products = await db.product.findMany({
    where: { tenantId, id: { in: [...new Set(rows.map((r) => r.productId))] } },
    select: { id: true, displayName: true, purchasedUnits: true, unitPrice: true, currency: true },
  });
  const byId = new Map(products.map((p) => [p.id, p]));
  const selection = selectCandidates(
    rows,
    { ...rule, allowUserIds: new Set(rule.allowUsers.map((u) => u.id)), allowGroupIds: new Set(rule.allowGroups.map((g) => g.id)) },
    new Map(products.map((p) => [p.id, p.purchasedUnits])),
    now,
  );
  const people = new Map(rows.map((r) => [r.assignmentId, r]));
  const skipped: Record<SkipReason, number> = { GRACE: 0, IN_USE: 0, ALLOWLISTED_USER: 0, ALLOWLISTED_GROUP: 0, OVER_CAP: 0 };
  for (const s of selection.skipped) skipped[s.reason]++;
  const units = new Map<string, number>();
  for (const c of selection.candidates) units.set(c.productId, (units.get(c.productId) ?? 0) + 1);
  const savings = new Map<string, bigint>();
  for (const [productId, n] of units) {
    const p = byId.get(productId)!;
    if (p.unitPrice === null) continue;
    savings.set(p.currency, (savings.get(p.currency) ?? 0n) + toCents(p.unitPrice.toFixed(2)) * BigInt(n));
  }
  return {
    rows: selection.candidates.map((c) => {
      const person = people.get(c.assignmentId)!;
      return {
        ...c,
        displayName: person.displayName,
        userPrincipalName: person.userPrincipalName,
        productName: byId.get(c.productId)!.displayName,
        releaseOn: releaseDate(now, rule.noticeDays),
      };
    }),
    skipped,
    units: [...units].map(([productId, n]) => ({ productId, productName: byId.get(productId)!.displayName, units: n })),
    monthlySavings: [...savings].map(([currency, cents]) => ({ currency, amount: fromCents(cents) })),
  };
}
