/**
 * GET /auditLogs/directoryAudits: the tenant's audit log in Microsoft Graph's `directoryAudit` shape,
 * newest first, so that a script reading Entra's audit log reads this one too — who assigned,
 * removed or reclaimed which licence, who changed a policy or a group (SPEC §8.3: a reclaimed licence
 * is in Graph). Filters: `id`, `category`, `activityDisplayName` and `loggedByService` with `eq`;
 * paged by `$top` and `@odata.nextLink` (a keyset on time and id, so new entries never shift a page).
 */
import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import { AUDIT_ACTIONS, type AuditAction } from "@/server/domain/audit/actions";
import { GraphQueryError, type ODataQuery, type Page, type ResourceQueryRules } from "./odata";

export const AUDIT_QUERY_RULES: ResourceQueryRules = {
  type: "microsoft.graph.directoryAudit",
  eq: ["id", "category", "activityDisplayName", "loggedByService"],
  startswith: [],
};

/** Graph's activity names where Entra has one (licences and groups); this product's words otherwise. */
const ACTIVITIES: Partial<Record<AuditAction, { name: string; category: string }>> = {
  "user.licenses": { name: "Change user license", category: "UserManagement" },
  "license.unassigned": { name: "Change user license", category: "UserManagement" },
  "license.duplicateRemoved": { name: "Change user license", category: "UserManagement" },
  "license.movedToGroup": { name: "Change user license", category: "UserManagement" },
  "license.reclaimed": { name: "Reclaim unused license", category: "UserManagement" },
  "reclaim.kept": { name: "Keep license", category: "UserManagement" },
  "user.reprocessed": { name: "Reprocess user license", category: "UserManagement" },
  "request.approved": { name: "Change user license", category: "UserManagement" },
  "request.denied": { name: "Deny license request", category: "UserManagement" },
  "group.licenses": { name: "Change group license", category: "GroupManagement" },
  "group.memberAdded": { name: "Add member to group", category: "GroupManagement" },
  "group.memberRemoved": { name: "Remove member from group", category: "GroupManagement" },
  "group.reprocessed": { name: "Reprocess group license", category: "GroupManagement" },
  "product.purchasedUnits": { name: "Update subscription", category: "DirectoryManagement" },
  "product.price": { name: "Update subscription", category: "DirectoryManagement" },
  "product.thresholds": { name: "Update subscription", category: "DirectoryManagement" },
  "token.create": { name: "Add service principal credentials", category: "ApplicationManagement" },
  "token.revoke": { name: "Remove service principal credentials", category: "ApplicationManagement" },
};
const POLICY_CATEGORY = "Policy";
const SERVICE = "Core Directory";

export function activityOf(action: string): { name: string; category: string } {
  return (
    ACTIVITIES[action as AuditAction] ?? { name: action, category: action.startsWith("policy.") || action.startsWith("reclaim.") ? POLICY_CATEGORY : "Other" }
  );
}

export interface GraphDirectoryAudit extends Record<string, unknown> {
  id: string;
  category: string;
  correlationId: string;
  result: "success";
  resultReason: string;
  activityDisplayName: string;
  activityDateTime: string;
  loggedByService: string;
  operationType: string;
  initiatedBy: { user: { id: string | null; userPrincipalName: string | null; displayName: null } | null; app: { displayName: string } | null };
  targetResources: {
    id: string | null;
    displayName: null;
    type: string;
    userPrincipalName: string | null;
    modifiedProperties: { displayName: string; oldValue: string | null; newValue: string | null }[];
  }[];
  additionalDetails: { key: string; value: string }[];
}

interface AuditRow {
  id: string;
  action: string;
  actorId: string | null;
  actorLabel: string;
  actorUpn: string | null;
  targetType: string;
  targetId: string | null;
  targetUpn: string | null;
  summary: string;
  before: Prisma.JsonValue;
  after: Prisma.JsonValue;
  createdAt: Date;
}

const asObject = (v: Prisma.JsonValue): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

/** before/after as Graph's modifiedProperties: one per key that either side has. */
export function modifiedProperties(before: Prisma.JsonValue, after: Prisma.JsonValue): GraphDirectoryAudit["targetResources"][number]["modifiedProperties"] {
  const [b, a] = [asObject(before), asObject(after)];
  return [...new Set([...Object.keys(b), ...Object.keys(a)])].map((key) => ({ displayName: key, oldValue: json(b[key]), newValue: json(a[key]) }));
}

const OPERATIONS: [RegExp, string][] = [
  [/(create|Added|approved|autoCreated)$/i, "Add"],
  [/(delete|revoke|Removed|unassigned|reclaimed|duplicateRemoved)$/i, "Delete"],
];

function toGraphAudit(r: AuditRow): GraphDirectoryAudit {
  const activity = activityOf(r.action);
  return {
    id: r.id,
    category: activity.category,
    correlationId: r.id,
    result: "success",
    resultReason: "",
    activityDisplayName: activity.name,
    activityDateTime: r.createdAt.toISOString(),
    loggedByService: SERVICE,
    operationType: OPERATIONS.find(([re]) => re.test(r.action))?.[1] ?? "Update",
    initiatedBy: r.actorId
      ? { user: { id: r.actorId, userPrincipalName: r.actorUpn, displayName: null }, app: null }
      : { user: null, app: { displayName: r.actorLabel } },
    targetResources: [
      {
        id: r.targetId,
        displayName: null,
        type: r.targetType,
        userPrincipalName: r.targetUpn,
        modifiedProperties: modifiedProperties(r.before, r.after),
      },
    ],
    additionalDetails: [
      { key: "action", value: r.action },
      { key: "summary", value: r.summary },
    ],
  };
}

/** The actions a Graph filter on category or activityDisplayName stands for (none: nothing matches). */
function actionsFor(property: "category" | "activityDisplayName", value: string): string[] {
  return AUDIT_ACTIONS.filter((a) => (property === "category" ? activityOf(a).category : activityOf(a).name) === value);
}

export async function listDirectoryAudits(db: PrismaClient, tenantId: string, query: ODataQuery): Promise<Page<GraphDirectoryAudit>> {
  const conditions: Prisma.Sql[] = [Prisma.sql`e."tenantId" = ${tenantId}::uuid`];
  const f = query.filter;
  if (f?.property === "id") conditions.push(Prisma.sql`e."id" = ${f.value.toLowerCase()}::uuid`);
  if (f?.property === "loggedByService" && f.value !== SERVICE) return { items: [], nextAfter: null, ...(query.count ? { count: 0 } : {}) };
  if (f?.property === "category" || f?.property === "activityDisplayName") {
    const actions = actionsFor(f.property, f.value);
    if (actions.length === 0) return { items: [], nextAfter: null, ...(query.count ? { count: 0 } : {}) };
    conditions.push(Prisma.sql`e."action" IN (${Prisma.join(actions)})`);
  }
  const where = Prisma.join(conditions, " AND ");
  let keyset = Prisma.empty;
  if (query.after) {
    const [from] = await db.$queryRaw<
      { createdAt: Date }[]
    >`SELECT "createdAt" FROM "AuditEntry" WHERE "id" = ${query.after}::uuid AND "tenantId" = ${tenantId}::uuid`;
    if (!from) throw new GraphQueryError("The $skiptoken is not valid; use the @odata.nextLink of the previous page as it is.");
    keyset = Prisma.sql`AND (e."createdAt", e."id") < (${from.createdAt}, ${query.after}::uuid)`;
  }
  const [rows, count] = await Promise.all([
    db.$queryRaw<AuditRow[]>`
      SELECT e."id", e."action", e."actorId", e."actorLabel", actor."userPrincipalName" AS "actorUpn",
             e."targetType", e."targetId", target."userPrincipalName" AS "targetUpn",
             e."summary", e."before", e."after", e."createdAt"
        FROM "AuditEntry" e
        LEFT JOIN "User" actor ON actor."id" = e."actorId"
        LEFT JOIN "User" target ON e."targetType" = 'User' AND target."id"::text = e."targetId" AND target."tenantId" = e."tenantId"
       WHERE ${where} ${keyset}
       ORDER BY e."createdAt" DESC, e."id" DESC
       LIMIT ${query.top + 1}`,
    query.count ? db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS "n" FROM "AuditEntry" e WHERE ${where}` : Promise.resolve(undefined),
  ]);
  const more = rows.length > query.top;
  const page = more ? rows.slice(0, query.top) : rows;
  return { items: page.map(toGraphAudit), nextAfter: more ? page[page.length - 1].id : null, ...(count ? { count: count[0].n } : {}) };
}
