/**
 * Users as Microsoft Graph v1.0 shows them (microsoft.graph.user), with their licences:
 * `assignedLicenses` (one per product, the plans disabled in every assignment of it) and
 * `licenseAssignmentStates` (one per assignment; `assignedByGroup` only for group licences — an
 * auto-claimed licence is a direct one, as in Microsoft 365), and `licenseDetails`. Users and groups
 * are named by their Entra object ids when provisioning recorded them (`entraObjectId`), and found by
 * either id.
 */
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import type { LicenseSource, LicenseState } from "@/generated/prisma/enums";
import { NotFoundError } from "@/server/domain/errors";
import { entraObjectId, findUserByObjectId, findUserRef, literalFilter } from "@/server/domain/users/lookup";
import { GraphQueryError, toPage, type FilterClause, type ODataQuery, type Page, type ResourceQueryRules } from "./odata";

export const USER_QUERY_RULES: ResourceQueryRules = {
  type: "microsoft.graph.user",
  eq: ["id", "userPrincipalName", "mail", "displayName", "givenName", "surname"],
  startswith: ["displayName", "userPrincipalName", "mail", "givenName", "surname"],
};

/** Graph's 404 for an id or UPN that names nothing in the tenant. */
export class GraphResourceNotFoundError extends NotFoundError {
  constructor(reference: string) {
    super(`Resource '${reference}' does not exist or one of its queried reference-property objects are not present.`, { code: "Request_ResourceNotFound" });
  }
}

export interface GraphAssignedLicense {
  skuId: string;
  disabledPlans: string[];
}

export interface GraphLicenseAssignmentState {
  assignedByGroup: string | null;
  disabledPlans: string[];
  /** Graph's licenseAssignmentState.error: "CountViolation" when no unit was left for a group licence. */
  error: "None" | "CountViolation";
  lastUpdatedDateTime: string;
  skuId: string;
  state: "Active" | "Error";
}

export interface GraphUser {
  id: string;
  businessPhones: string[];
  displayName: string;
  givenName: string | null;
  jobTitle: string | null;
  mail: string | null;
  mobilePhone: null;
  officeLocation: null;
  preferredLanguage: null;
  surname: string | null;
  userPrincipalName: string;
  accountEnabled: boolean;
  department: string | null;
  usageLocation: string | null;
  createdDateTime: string;
  assignedLicenses?: GraphAssignedLicense[];
  licenseAssignmentStates?: GraphLicenseAssignmentState[];
}

const LICENCE_PROPERTIES = ["assignedlicenses", "licenseassignmentstates"];

const userColumns = {
  id: true,
  externalId: true,
  displayName: true,
  givenName: true,
  surname: true,
  userPrincipalName: true,
  mail: true,
  jobTitle: true,
  department: true,
  usageLocation: true,
  accountEnabled: true,
  createdAt: true,
} satisfies Prisma.UserSelect;

const licenceColumns = {
  assignments: {
    select: {
      source: true,
      groupLicense: { select: { group: { select: { id: true, externalId: true } } } },
      disabledPlanIds: true,
      assignedAt: true,
      state: true,
      waitingSince: true,
      product: { select: { skuId: true } },
    },
    orderBy: [{ assignedAt: "asc" }, { id: "asc" }],
  },
} satisfies Prisma.UserSelect;

type UserRow = Prisma.UserGetPayload<{ select: typeof userColumns }>;
type AssignmentRow = {
  source: LicenseSource;
  groupLicense: { group: { id: string; externalId: string | null } } | null;
  disabledPlanIds: string[];
  assignedAt: Date;
  state: LicenseState;
  waitingSince: Date | null;
  product: { skuId: string };
};

/** The plans disabled in every one of a user's assignments of a product: what they effectively lack. */
export function disabledEverywhere(assignments: { disabledPlanIds: string[] }[]): string[] {
  if (assignments.length === 0) return [];
  return assignments[0].disabledPlanIds.filter((plan) => assignments.every((a) => a.disabledPlanIds.includes(plan)));
}

/** assignedLicenses: the products the user holds — assignments in error hold nothing. */
export function toAssignedLicenses(all: AssignmentRow[]): GraphAssignedLicense[] {
  const assignments = all.filter((a) => a.state === "ACTIVE");
  const skus = [...new Set(assignments.map((a) => a.product.skuId))];
  return skus.map((skuId) => ({ skuId, disabledPlans: disabledEverywhere(assignments.filter((a) => a.product.skuId === skuId)) }));
}

export function toLicenseAssignmentStates(assignments: AssignmentRow[]): GraphLicenseAssignmentState[] {
  return assignments.map((a) => ({
    assignedByGroup: a.source === "GROUP" && a.groupLicense ? entraObjectId(a.groupLicense.group) : null,
    disabledPlans: a.disabledPlanIds,
    error: a.state === "ERROR" ? "CountViolation" : "None",
    lastUpdatedDateTime: (a.waitingSince ?? a.assignedAt).toISOString(),
    skuId: a.product.skuId,
    state: a.state === "ERROR" ? "Error" : "Active",
  }));
}

export function toGraphUser(row: UserRow & { assignments?: AssignmentRow[] }): GraphUser {
  return {
    id: entraObjectId(row),
    businessPhones: [],
    displayName: row.displayName,
    givenName: row.givenName,
    jobTitle: row.jobTitle,
    mail: row.mail,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: row.surname,
    userPrincipalName: row.userPrincipalName,
    accountEnabled: row.accountEnabled,
    department: row.department,
    usageLocation: row.usageLocation,
    createdDateTime: row.createdAt.toISOString(),
    ...(row.assignments ? { assignedLicenses: toAssignedLicenses(row.assignments), licenseAssignmentStates: toLicenseAssignmentStates(row.assignments) } : {}),
  };
}

/** The filter as a condition: literal (`%` and `_` are ordinary characters), case-insensitive; a UPN through the index. */
async function filterWhere(db: PrismaClient, tenantId: string, filter: FilterClause | null): Promise<Prisma.UserWhereInput> {
  if (!filter) return {};
  if (filter.property === "id") return { OR: [{ id: filter.value.toLowerCase() }, { externalId: filter.value }] };
  if (filter.property === "userPrincipalName" && filter.op === "eq") {
    const user = await findUserRef(db, tenantId, filter.value);
    return { id: { in: user ? [user.id] : [] } };
  }
  return { [filter.property]: literalFilter(filter.op === "eq" ? "equals" : "startsWith", filter.value) };
}

/** Whether to read the licence properties: by default, or only when $select names them. */
export type LicenceProperties = "default" | "onSelect";

function wantsLicences(select: string[] | null, licences: LicenceProperties): boolean {
  if (!select) return licences === "default";
  return select.some((s) => LICENCE_PROPERTIES.includes(s.toLowerCase()));
}

/**
 * A page of the tenant's users (optionally the members of one group, or only those of its members
 * whose licence through it is in error), in id order, with the query's filter; `nextAfter` continues it.
 */
export async function listUsers(
  db: PrismaClient,
  tenantId: string,
  query: ODataQuery,
  options: { groupId?: string; licenseErrors?: boolean; licences?: LicenceProperties } = {},
): Promise<Page<GraphUser>> {
  const where: Prisma.UserWhereInput = {
    tenantId,
    ...(options.groupId ? { memberships: { some: { groupId: options.groupId } } } : {}),
    ...(options.groupId && options.licenseErrors ? { assignments: { some: { groupId: options.groupId, state: "ERROR" } } } : {}),
    ...(await filterWhere(db, tenantId, query.filter)),
  };
  const select = wantsLicences(query.select, options.licences ?? "default") ? { ...userColumns, ...licenceColumns } : userColumns;
  const [rows, count] = await Promise.all([
    db.user.findMany({
      where: query.after ? { AND: [where, { id: { gt: query.after } }] } : where,
      orderBy: { id: "asc" },
      take: query.top + 1,
      select,
    }),
    query.count ? db.user.count({ where }) : Promise.resolve(undefined),
  ]);
  const page = toPage(rows, query.top);
  return { items: page.rows.map(toGraphUser), nextAfter: page.nextAfter, ...(count === undefined ? {} : { count }) };
}

/** The user named by id (the portal's or the Entra object id) or user principal name (literally, case-insensitively), or Graph's 404. */
export async function findUser(db: PrismaClient, tenantId: string, idOrUpn: string): Promise<{ id: string; userPrincipalName: string }> {
  const reference = idOrUpn.trim();
  if (!reference) throw new GraphQueryError("A user id or user principal name is required.");
  const user = await findUserByObjectId(db, tenantId, reference);
  if (!user) throw new GraphResourceNotFoundError(reference);
  return user;
}

/** One user, by id (already resolved), with licences unless $select leaves them out. */
export async function getUser(db: PrismaClient, tenantId: string, userId: string, select: string[] | null = null): Promise<GraphUser> {
  const row = await db.user.findFirst({
    where: { tenantId, id: userId },
    select: wantsLicences(select, "default") ? { ...userColumns, ...licenceColumns } : userColumns,
  });
  if (!row) throw new GraphResourceNotFoundError(userId);
  return toGraphUser(row);
}

export interface GraphLicenseDetails {
  id: string;
  skuId: string;
  skuPartNumber: string;
  servicePlans: { servicePlanId: string; servicePlanName: string; provisioningStatus: "Success" | "Disabled"; appliesTo: "User" }[];
}

/** microsoft.graph.licenseDetails: one per product the user holds; plans disabled in every assignment show "Disabled". */
export async function getLicenseDetails(db: PrismaClient, tenantId: string, userId: string): Promise<GraphLicenseDetails[]> {
  const assignments = await db.licenseAssignment.findMany({
    where: { tenantId, userId, state: "ACTIVE" },
    orderBy: [{ assignedAt: "asc" }, { id: "asc" }],
    select: {
      disabledPlanIds: true,
      product: {
        select: {
          id: true,
          skuId: true,
          skuPartNumber: true,
          servicePlans: { orderBy: { position: "asc" }, select: { servicePlanId: true, servicePlanName: true } },
        },
      },
    },
  });
  const products = [...new Map(assignments.map((a) => [a.product.id, a.product])).values()];
  return products.map((product) => {
    const disabled = disabledEverywhere(assignments.filter((a) => a.product.id === product.id));
    return {
      id: product.id,
      skuId: product.skuId,
      skuPartNumber: product.skuPartNumber,
      servicePlans: product.servicePlans.map((plan) => ({
        servicePlanId: plan.servicePlanId,
        servicePlanName: plan.servicePlanName,
        provisioningStatus: disabled.includes(plan.servicePlanId) ? "Disabled" : "Success",
        appliesTo: "User",
      })),
    };
  });
}
