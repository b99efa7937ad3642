/**
 * Security groups as Microsoft Graph v1.0 shows them (microsoft.graph.group), with the licences
 * they carry (`assignedLicenses`), and their members as directoryObjects.
 */
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { isUuid, literalFilter } from "@/server/domain/users/lookup";
import { GraphQueryError, toPage, type FilterClause, type ODataQuery, type Page, type ResourceQueryRules } from "./odata";
import { GraphResourceNotFoundError, listUsers, type GraphAssignedLicense, type GraphUser } from "./users";

export const GROUP_QUERY_RULES: ResourceQueryRules = {
  type: "microsoft.graph.group",
  eq: ["id", "displayName", "mailNickname"],
  startswith: ["displayName", "mailNickname"],
};

export interface GraphGroup {
  id: string;
  createdDateTime: string;
  description: string | null;
  displayName: string;
  groupTypes: string[];
  mail: null;
  mailEnabled: false;
  mailNickname: string;
  securityEnabled: true;
  assignedLicenses: GraphAssignedLicense[];
}

const groupColumns = {
  id: true,
  displayName: true,
  description: true,
  mailNickname: true,
  createdAt: true,
  licenses: { select: { disabledPlanIds: true, product: { select: { skuId: true } } }, orderBy: { assignedAt: "asc" } },
} satisfies Prisma.GroupSelect;

type GroupRow = Prisma.GroupGetPayload<{ select: typeof groupColumns }>;

export function toGraphGroup(row: GroupRow): GraphGroup {
  return {
    id: row.id,
    createdDateTime: row.createdAt.toISOString(),
    description: row.description,
    displayName: row.displayName,
    groupTypes: [],
    mail: null,
    mailEnabled: false,
    mailNickname: row.mailNickname,
    securityEnabled: true,
    assignedLicenses: row.licenses.map((l) => ({ skuId: l.product.skuId, disabledPlans: l.disabledPlanIds })),
  };
}

function filterWhere(filter: FilterClause | null): Prisma.GroupWhereInput {
  if (!filter) return {};
  if (filter.property === "id") return { id: filter.value.toLowerCase() };
  const condition = literalFilter(filter.op === "eq" ? "equals" : "startsWith", filter.value);
  return filter.property === "mailNickname" ? { mailNickname: condition } : { displayName: condition };
}

/** A page of the tenant's groups in id order. */
export async function listGroups(db: PrismaClient, tenantId: string, query: ODataQuery): Promise<Page<GraphGroup>> {
  const where: Prisma.GroupWhereInput = { tenantId, ...filterWhere(query.filter) };
  const [rows, count] = await Promise.all([
    db.group.findMany({
      where: query.after ? { AND: [where, { id: { gt: query.after } }] } : where,
      orderBy: { id: "asc" },
      take: query.top + 1,
      select: groupColumns,
    }),
    query.count ? db.group.count({ where }) : Promise.resolve(undefined),
  ]);
  const page = toPage(rows, query.top);
  return { items: page.rows.map(toGraphGroup), nextAfter: page.nextAfter, ...(count === undefined ? {} : { count }) };
}

/** The group with this id, or Graph's answers: 400 for something that is not an object id, 404 for an unknown one. */
export async function getGroup(db: PrismaClient, tenantId: string, groupId: string): Promise<GraphGroup> {
  if (!isUuid(groupId)) throw new GraphQueryError(`Invalid object identifier '${groupId}'.`);
  const row = await db.group.findFirst({ where: { tenantId, id: groupId.toLowerCase() }, select: groupColumns });
  if (!row) throw new GraphResourceNotFoundError(groupId);
  return toGraphGroup(row);
}

export type GraphDirectoryObject = { "@odata.type": "#microsoft.graph.user" } & GraphUser;

/** A page of a group's members, as directoryObjects (all of them users). */
export async function listMembers(db: PrismaClient, tenantId: string, groupId: string, query: ODataQuery): Promise<Page<GraphDirectoryObject>> {
  const group = await getGroup(db, tenantId, groupId);
  const page = await listUsers(db, tenantId, query, { groupId: group.id, licences: "onSelect" });
  return { ...page, items: page.items.map((user) => ({ "@odata.type": "#microsoft.graph.user" as const, ...user })) };
}
