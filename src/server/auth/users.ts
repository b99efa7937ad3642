/**
 * The directory look-ups that signing in needs: by user principal name (literally and
 * case-insensitively, through the one look-up of domain/users/lookup.ts), by id for the session,
 * and the demo accounts listed on the sign-in page. UPNs are unique across the service, so a UPN
 * alone names the tenant too. An OpenID Connect identity is bound to its user on first sign-in
 * (SPEC §11, ADR 9).
 */
import bcrypt from "bcryptjs";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Role } from "@/generated/prisma/enums";
import { recordAudit } from "@/server/domain/audit/service";
import { findUserRef, isUuid } from "@/server/domain/users/lookup";
import { dbViolation, UNIQUE_VIOLATION } from "@/server/db/errors";
import { readIdentity, type IdentityRefusal, type OidcIdentity } from "./oidc";

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
  oidcIssuer: true,
  oidcSubject: true,
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
  oidcIssuer: string | null;
  oidcSubject: string | null;
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

/**
 * The user whose UPN is `upn` — literally (`%`, `_` and `\` are ordinary characters) and whatever
 * its case — or null. A user id is not a user name: a UUID names nobody here.
 */
export async function findUserByUpn(db: PrismaClient, upn: string): Promise<Row | null> {
  const name = upn.trim();
  if (!name || isUuid(name)) return null;
  const ref = await findUserRef(db, null, name);
  return ref ? db.user.findUnique({ where: { id: ref.id }, select: appUserSelect }) : null;
}

/**
 * The enabled user with this id, or null (deleted or disabled). With `sessionVersion` (a session's,
 * see sessions.ts), also null once the user's version is no longer that one: the session has ended.
 */
export async function findActiveUserById(db: PrismaClient, id: string, { sessionVersion }: { sessionVersion?: number } = {}): Promise<AppUser | null> {
  const row = await db.user.findUnique({ where: { id }, select: { ...appUserSelect, sessionVersion: true } });
  if (!row || !row.accountEnabled) return null;
  if (sessionVersion !== undefined && row.sessionVersion !== sessionVersion) return null;
  return toAppUser(row);
}

// Compared against when the user does not exist, so that an unknown name takes as long as a wrong password.
let dummyHash: string | undefined;

export type CredentialsResult = { ok: true; user: AppUser } | { ok: false; reason: "INVALID" | "DISABLED" };

/** Checks a demo account's password. Users without a password hash cannot sign in this way. */
export async function verifyCredentials(db: PrismaClient, upn: string, password: string): Promise<CredentialsResult> {
  const row = upn && password ? await findUserByUpn(db, upn) : null;
  const matches = await bcrypt.compare(password ?? "", row?.passwordHash ?? (dummyHash ??= bcrypt.hashSync("not-a-password", 10)));
  if (!row || !row.passwordHash || !matches) return { ok: false, reason: "INVALID" };
  if (!row.accountEnabled) return { ok: false, reason: "DISABLED" };
  return { ok: true, user: toAppUser(row) };
}

export type IdentityMatch =
  { ok: true; user: AppUser } | { ok: false; reason: IdentityRefusal | "NO_ACCOUNT" | "DISABLED" | "SUBJECT_MISMATCH" | "SUBJECT_IN_USE" };

export interface IdentityPolicy {
  /** The configured OIDC_ISSUER, used when the claims carry no `iss`. */
  fallbackIssuer: string;
  /** OIDC_TENANT_ID: when set, the identity must carry it in `tid`. */
  requiredTenantId?: string | null;
}

/**
 * Matches an identity from the OIDC issuer to an existing, enabled user (never creates users): by
 * its UPN claim only (oidc.ts), then by the issuer and subject bound to that user. The first
 * sign-in binds them; afterwards only that issuer and subject sign in as the user, and a subject
 * bound to one user never signs in as another.
 */
export async function matchIdentity(db: PrismaClient, claims: Record<string, unknown>, policy: IdentityPolicy): Promise<IdentityMatch> {
  const read = readIdentity(claims, policy);
  if (!read.ok) return read;
  const { identity } = read;
  const row = await findUserByUpn(db, identity.userName);
  if (!row) return { ok: false, reason: "NO_ACCOUNT" };
  if (!row.accountEnabled) return { ok: false, reason: "DISABLED" };
  if (row.oidcIssuer !== null || row.oidcSubject !== null) {
    return isBoundTo(row, identity) ? { ok: true, user: toAppUser(row) } : { ok: false, reason: "SUBJECT_MISMATCH" };
  }
  return bindIdentity(db, row, identity);
}

const isBoundTo = (row: { oidcIssuer: string | null; oidcSubject: string | null }, identity: OidcIdentity) =>
  row.oidcIssuer === identity.issuer && row.oidcSubject === identity.subject;

/**
 * Binds the identity to a user that has none, race-safely: one conditional UPDATE (`… WHERE the
 * binding is still empty`), so that of two first sign-ins at once exactly one binds and the other
 * is then checked against it; the unique index over (issuer, subject) refuses a subject that is
 * already another user's. Audited in the same transaction.
 */
async function bindIdentity(db: PrismaClient, row: Row, identity: OidcIdentity): Promise<IdentityMatch> {
  const { issuer, subject } = identity;
  let bound: boolean;
  try {
    bound = await db.$transaction(async (tx) => {
      const { count } = await tx.user.updateMany({
        where: { id: row.id, oidcIssuer: null, oidcSubject: null },
        data: { oidcIssuer: issuer, oidcSubject: subject },
      });
      if (count === 0) return false;
      await recordAudit(tx, {
        tenantId: row.tenantId,
        actor: { id: row.id, label: row.userPrincipalName },
        action: "user.identityBound",
        targetType: "User",
        targetId: row.id,
        summary: `First sign-in of ${row.userPrincipalName} with ${issuer}: the account now accepts only this identity`,
        after: { issuer, subject },
      });
      return true;
    });
  } catch (error) {
    // The only unique index these two columns are in: the subject is another user's already.
    if (dbViolation(error)?.sqlstate === UNIQUE_VIOLATION) return { ok: false, reason: "SUBJECT_IN_USE" };
    throw error;
  }
  if (bound) return { ok: true, user: toAppUser(row) };
  // Another sign-in bound the user first: this one passes only if it is the same identity.
  const now = await db.user.findUnique({ where: { id: row.id }, select: appUserSelect });
  if (!now || !now.accountEnabled) return { ok: false, reason: now ? "DISABLED" : "NO_ACCOUNT" };
  return isBoundTo(now, identity) ? { ok: true, user: toAppUser(now) } : { ok: false, reason: "SUBJECT_MISMATCH" };
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
