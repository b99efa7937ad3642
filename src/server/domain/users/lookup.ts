/**
 * The one way to find a user from a reference that came from outside — an id, or a user principal
 * name typed by an admin, sent by a program or claimed by an identity provider. Used by sign-in,
 * the launch facts, the launch and Graph APIs and the console.
 *
 * UPNs are matched literally and case-insensitively: `lower(upn) = lower($1)`, on the unique index
 * over lower("userPrincipalName"). Never ILIKE, never Prisma's `mode: "insensitive"`: there `%` and
 * `_` are wildcards, and "%@contoso.com" would name the first admin (SPEC §11).
 */
import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/client";
import { isCleanText } from "@/lib/text";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` is a UUID (any case): an id column can be compared with it. */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/** `text` for LIKE / ILIKE with `\`, `%` and `_` taken literally (PostgreSQL's default escape is `\`). */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The longest UPN Entra allows (113 characters, 64 before the @); anything longer names nobody. */
const MAX_UPN = 256;

export interface UserRef {
  id: string;
  tenantId: string;
  userPrincipalName: string;
}

/** The SQL condition "this user row is the one `idOrUpn` names" on alias `u`; null when it names nobody. */
export function userRefCondition(idOrUpn: string): Prisma.Sql | null {
  const reference = idOrUpn.trim();
  if (!reference || reference.length > MAX_UPN || !isCleanText(reference)) return null;
  return isUuid(reference) ? Prisma.sql`u."id" = ${reference.toLowerCase()}::uuid` : Prisma.sql`lower(u."userPrincipalName") = lower(${reference})`;
}

/**
 * The user `idOrUpn` names — in `tenantId`, or anywhere when it is null (sign-in: a UPN names its
 * tenant) — or null. An id is looked up by id, anything else as a UPN.
 */
export async function findUserRef(db: PrismaClient | Tx, tenantId: string | null, idOrUpn: string): Promise<UserRef | null> {
  const condition = userRefCondition(idOrUpn);
  if (!condition) return null;
  const tenant = tenantId === null ? Prisma.empty : isUuid(tenantId) ? Prisma.sql`AND u."tenantId" = ${tenantId}::uuid` : null;
  if (tenant === null) return null;
  const rows = await db.$queryRaw<UserRef[]>`
    SELECT u."id", u."tenantId", u."userPrincipalName" FROM "User" u WHERE ${condition} ${tenant} LIMIT 1`;
  return rows[0] ?? null;
}

/**
 * The id a directory object (user or group) has in Microsoft Entra: the object id provisioning
 * recorded as its `externalId` when that is a GUID (Entra's always are), else the portal's own id.
 * What the Graph-compatible API shows as `id`, so a script's ids are the real tenant's.
 */
export function entraObjectId(row: { id: string; externalId: string | null }): string {
  return row.externalId !== null && isUuid(row.externalId) ? row.externalId : row.id;
}

/**
 * The user a Graph reference names: the portal's id or a UPN (`findUserRef`), else an Entra object
 * id recorded as `externalId` (compared exactly, as SCIM's externalId is case-exact).
 */
export async function findUserByObjectId(db: PrismaClient | Tx, tenantId: string, reference: string): Promise<UserRef | null> {
  const user = await findUserRef(db, tenantId, reference);
  const id = reference.trim();
  if (user || !isUuid(id) || !isUuid(tenantId)) return user;
  return db.user.findFirst({ where: { tenantId, externalId: id }, select: { id: true, tenantId: true, userPrincipalName: true } });
}

/**
 * A Prisma string filter that matches `text` literally and case-insensitively — the whole value
 * (`equals`), its start or a part of it. Prisma runs `mode: "insensitive"` as ILIKE and passes the
 * value through unescaped, so this is the one place that may use it: with `\`, `%` and `_` escaped.
 * For a user's UPN use `findUserRef` (an index look-up) instead.
 */
export function literalFilter(op: "equals" | "startsWith" | "contains", text: string): Prisma.StringFilter {
  return { [op]: likeLiteral(text), mode: "insensitive" };
}

/**
 * The tenant's users (id, UPN, display name), or only the one a UPN names (literally,
 * case-insensitively): who a launch runtime may launch as (/api/v1/users) and /launch's demo picker.
 */
export async function findUsers(db: PrismaClient, tenantId: string, { upn }: { upn?: string } = {}) {
  const named = upn ? await findUserRef(db, tenantId, upn) : null;
  if (upn && !named) return [];
  return db.user.findMany({
    where: { tenantId, ...(named ? { id: named.id } : {}) },
    orderBy: { displayName: "asc" },
    select: { id: true, userPrincipalName: true, displayName: true },
    take: 1000,
  });
}
