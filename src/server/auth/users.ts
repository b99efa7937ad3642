/**
 * The directory look-ups that signing in needs: by user principal name (case-insensitive), by id for
 * the session, and the demo accounts listed on the sign-in page. UPNs are unique across the
 * service, so a UPN alone names the tenant too.
 */
import bcrypt from "bcryptjs";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Role } from "@/generated/prisma/enums";

/** The signed-in person as the app sees them: the User row, re-read on every request. */
export interface AppUser {
  id: string;
  tenantId: string;
  tenantName: string;
  role: Role;
  upn: string;
  displayName: string;
}

const appUserSelect = {
  id: true,
  tenantId: true,
  role: true,
  userPrincipalName: true,
  displayName: true,
  accountEnabled: true,
  passwordHash: true,
  tenant: { select: { name: true } },
} as const;

type Row = {
  id: string;
  tenantId: string;
  role: Role;
  userPrincipalName: string;
  displayName: string;
  accountEnabled: boolean;
  passwordHash: string | null;
  tenant: { name: string };
};

function toAppUser(row: Row): AppUser {
  return {
    id: row.id,
    tenantId: row.tenantId,
    tenantName: row.tenant.name,
    role: row.role,
    upn: row.userPrincipalName,
    displayName: row.displayName,
  };
}

export async function findUserByUpn(db: PrismaClient, upn: string) {
  const name = upn.trim();
  if (!name) return null;
  return db.user.findFirst({
    where: { userPrincipalName: { equals: name, mode: "insensitive" } },
    select: appUserSelect,
  });
}

/** The enabled user behind a session, or null (deleted or disabled since they signed in). */
export async function findActiveUserById(db: PrismaClient, id: string): Promise<AppUser | null> {
  const row = await db.user.findUnique({ where: { id }, select: appUserSelect });
  return row && row.accountEnabled ? toAppUser(row) : null;
}

// Compared against when the user does not exist, so that an unknown name takes as long as a wrong password.
let dummyHash: string | undefined;

export type CredentialsResult =
  | { ok: true; user: AppUser }
  | { ok: false; reason: "INVALID" | "DISABLED" };

/** Checks a demo account's password. Users without a password hash cannot sign in this way. */
export async function verifyCredentials(db: PrismaClient, upn: string, password: string): Promise<CredentialsResult> {
  const row = upn && password ? await findUserByUpn(db, upn) : null;
  const matches = await bcrypt.compare(password ?? "", row?.passwordHash ?? (dummyHash ??= bcrypt.hashSync("not-a-password", 10)));
  if (!row || !row.passwordHash || !matches) return { ok: false, reason: "INVALID" };
  if (!row.accountEnabled) return { ok: false, reason: "DISABLED" };
  return { ok: true, user: toAppUser(row) };
}

export type IdentityMatch =
  | { ok: true; user: AppUser }
  | { ok: false; reason: "NO_USERNAME" | "NO_ACCOUNT" | "DISABLED" };

/** The claims of an OpenID Connect identity that may carry the user principal name, in order of preference. */
export function identityNames(claims: Record<string, unknown>): string[] {
  const names = [claims.preferred_username, claims.upn, claims.email]
    .filter((v): v is string => typeof v === "string" && v.trim() !== "")
    .map((v) => v.trim().toLowerCase());
  return [...new Set(names)];
}

/** Matches an identity from the OIDC issuer to an existing, enabled user by UPN. Never creates users. */
export async function matchIdentity(db: PrismaClient, claims: Record<string, unknown>): Promise<IdentityMatch> {
  const names = identityNames(claims);
  if (names.length === 0) return { ok: false, reason: "NO_USERNAME" };
  for (const name of names) {
    const row = await findUserByUpn(db, name);
    if (!row) continue;
    if (!row.accountEnabled) return { ok: false, reason: "DISABLED" };
    return { ok: true, user: toAppUser(row) };
  }
  return { ok: false, reason: "NO_ACCOUNT" };
}

export interface DemoAccount {
  upn: string;
  displayName: string;
  role: Role;
}

/** The accounts that can sign in with the demo password: the admins first, then a few users. */
export async function listDemoAccounts(db: PrismaClient, { users = 4 }: { users?: number } = {}): Promise<DemoAccount[]> {
  const where = { passwordHash: { not: null }, accountEnabled: true };
  const select = { userPrincipalName: true, displayName: true, role: true } as const;
  const [admins, people] = await Promise.all([
    db.user.findMany({ where: { ...where, role: { not: "USER" } }, select, orderBy: [{ role: "asc" }, { displayName: "asc" }] }),
    db.user.findMany({ where: { ...where, role: "USER" }, select, orderBy: { displayName: "asc" }, take: users }),
  ]);
  return [...admins, ...people].map((u) => ({ upn: u.userPrincipalName, displayName: u.displayName, role: u.role }));
}
