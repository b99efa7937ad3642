/**
 * Security groups as Microsoft Graph v1.0 shows them (microsoft.graph.group), with the licences
 * they carry (`assignedLicenses`), their members as directoryObjects, the members whose licence
 * through the group is in error (`membersWithLicenseErrors`), and `assignLicense` on a group. A group
 * is named by its Entra object id when provisioning recorded it, and found by either id.
 */
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import type { DomainContext } from "@/server/domain/context";
import { changeGroupLicenses } from "@/server/domain/groups/licenses";
import { LicenseNotHeldError } from "@/server/domain/licenses/errors";
import { entraObjectId, isUuid, literalFilter } from "@/server/domain/users/lookup";
import type { AssignLicenseBody } from "./schema";
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
  externalId: true,
  displayName: true,
  description: true,
  mailNickname: true,
  createdAt: true,
  licenses: { select: { disabledPlanIds: true, product: { select: { skuId: true } } }, orderBy: { assignedAt: "asc" } },
} satisfies Prisma.GroupSelect;

type GroupRow = Prisma.GroupGetPayload<{ select: typeof groupColumns }>;

export function toGraphGroup(row: GroupRow): GraphGroup {
  return {
    id: entraObjectId(row),
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
  if (filter.property === "id") return { OR: [{ id: filter.value.toLowerCase() }, { externalId: filter.value }] };
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

/**
 * The portal's id of the group a Graph id names — the portal's own, else an Entra object id recorded
 * as `externalId` (exactly) — or Graph's answers: 400 for something that is not an object id, 404 for
 * an unknown one.
 */
export async function findGroupId(db: PrismaClient, tenantId: string, reference: string): Promise<string> {
  if (!isUuid(reference)) throw new GraphQueryError(`Invalid object identifier '${reference}'.`);
  const rows = await db.group.findMany({
    where: { tenantId, OR: [{ id: reference.toLowerCase() }, { externalId: reference }] },
    select: { id: true },
  });
  const group = rows.find((r) => r.id === reference.toLowerCase()) ?? rows[0];
  if (!group) throw new GraphResourceNotFoundError(reference);
  return group.id;
}

/** The group a Graph id names (`findGroupId`). */
export async function getGroup(db: PrismaClient, tenantId: string, reference: string): Promise<GraphGroup> {
  const id = await findGroupId(db, tenantId, reference);
  const row = await db.group.findFirst({ where: { tenantId, id }, select: groupColumns });
  if (!row) throw new GraphResourceNotFoundError(reference);
  return toGraphGroup(row);
}

export type GraphDirectoryObject = { "@odata.type": "#microsoft.graph.user" } & GraphUser;

/** A page of a group's members, as directoryObjects (all of them users). */
export async function listMembers(db: PrismaClient, tenantId: string, groupId: string, query: ODataQuery): Promise<Page<GraphDirectoryObject>> {
  const page = await listUsers(db, tenantId, query, { groupId: await findGroupId(db, tenantId, groupId), licences: "onSelect" });
  return { ...page, items: page.items.map((user) => ({ "@odata.type": "#microsoft.graph.user" as const, ...user })) };
}

/**
 * A page of the group's members with a licence in error through it (Graph's
 * `membersWithLicenseErrors`), as directoryObjects (users), in id order like every collection here.
 */
export async function listMembersWithLicenseErrors(
  db: PrismaClient,
  tenantId: string,
  groupId: string,
  query: ODataQuery,
): Promise<Page<GraphDirectoryObject>> {
  const page = await listUsers(db, tenantId, query, { groupId: await findGroupId(db, tenantId, groupId), licenseErrors: true, licences: "onSelect" });
  return { ...page, items: page.items.map((user) => ({ "@odata.type": "#microsoft.graph.user" as const, ...user })) };
}

/** Removing a SKU the group does not carry, in Graph's words. */
export class GroupLicenseNotHeldError extends GraphQueryError {
  constructor() {
    super("Group does not have a corresponding license.");
  }
}

/**
 * POST /groups/{id}/assignLicense: the group's products added, changed and removed in one
 * transaction (groups/licenses.ts `changeGroupLicenses`, the console's function); the group after it.
 */
export async function assignGroupLicenses(ctx: DomainContext, groupId: string, body: AssignLicenseBody): Promise<GraphGroup> {
  const id = await findGroupId(ctx.db, ctx.tenantId, groupId);
  try {
    await changeGroupLicenses(ctx, {
      groupId: id,
      add: body.addLicenses.map((l) => ({ skuId: l.skuId, disabledPlanIds: l.disabledPlans ?? [] })),
      remove: body.removeLicenses.map((skuId) => ({ skuId })),
    });
  } catch (error) {
    if (error instanceof LicenseNotHeldError) throw new GroupLicenseNotHeldError();
    throw error;
  }
  return getGroup(ctx.db, ctx.tenantId, id);
}
