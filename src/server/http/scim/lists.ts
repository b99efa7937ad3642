/**
 * The Users and Groups lists (RFC 7644 §3.4.2): the filter's conditions (./filter.ts) on the
 * tenant's rows — userName and group displayName compared literally and case-insensitively
 * (`lower(a) = lower(b)`, never as a pattern), externalId exactly — oldest first, a page of
 * `count` from `startIndex`.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { getProvisionedGroup, groupIdsByName, type ProvisionedGroup } from "@/server/domain/groups/provisioning";
import { PROVISIONED_USER_SELECT, userIdsByUpn, type ProvisionedUser } from "@/server/domain/users/provisioning";
import { parseEqualityFilter } from "./filter";

const ordered = [{ createdAt: "asc" as const }, { id: "asc" as const }];

export async function listScimUsers(db: PrismaClient, tenantId: string, filter: string | null, page: { startIndex: number; count: number }) {
  const conditions = parseEqualityFilter(filter, ["userName", "externalId", "id"]);
  const where: { tenantId: string; AND: object[] } = { tenantId, AND: [] };
  for (const { attribute, value } of conditions) {
    if (attribute === "userName") where.AND.push({ id: { in: await userIdsByUpn(db, tenantId, value) } });
    else if (attribute === "externalId") where.AND.push({ externalId: value });
    else where.AND.push({ id: { in: /^[0-9a-f-]{36}$/i.test(value) ? [value.toLowerCase()] : [] } });
  }
  const [totalResults, rows] = await Promise.all([
    db.user.count({ where }),
    page.count === 0
      ? Promise.resolve([] as ProvisionedUser[])
      : db.user.findMany({ where, orderBy: ordered, skip: page.startIndex - 1, take: page.count, select: PROVISIONED_USER_SELECT }),
  ]);
  return { totalResults, rows };
}

export async function listScimGroups(db: PrismaClient, tenantId: string, filter: string | null, page: { startIndex: number; count: number }) {
  const conditions = parseEqualityFilter(filter, ["displayName", "externalId", "id"]);
  const where: { tenantId: string; AND: object[] } = { tenantId, AND: [] };
  for (const { attribute, value } of conditions) {
    if (attribute === "displayName") where.AND.push({ id: { in: await groupIdsByName(db, tenantId, value) } });
    else if (attribute === "externalId") where.AND.push({ externalId: value });
    else where.AND.push({ id: { in: /^[0-9a-f-]{36}$/i.test(value) ? [value.toLowerCase()] : [] } });
  }
  const [totalResults, ids] = await Promise.all([
    db.group.count({ where }),
    page.count === 0 ? Promise.resolve([]) : db.group.findMany({ where, orderBy: ordered, skip: page.startIndex - 1, take: page.count, select: { id: true } }),
  ]);
  const rows: ProvisionedGroup[] = [];
  for (const { id } of ids) rows.push(await getProvisionedGroup(db, tenantId, id));
  return { totalResults, rows };
}

/** `excludedAttributes=members` (Entra asks for groups without their members). */
export const excludesMembers = (url: URL) =>
  (url.searchParams.get("excludedAttributes") ?? "")
    .split(",")
    .map((a) => a.trim().toLowerCase())
    .includes("members");
