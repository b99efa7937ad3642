/**
 * What an OpenID Connect identity says about who it is (SPEC §11), as pure functions of its ID
 * token's claims:
 * - the **user name** is the issuer's UPN claim — `preferred_username`, else `upn` — never `email`:
 *   most issuers let a person put any address in `email`, verified or not ("nOAuth");
 * - the **subject** is what stays the same for that person at that issuer: Entra's `tid:oid` when
 *   both are present (`sub` is pairwise per app there), else `sub`;
 * - the **tenant**: when OIDC_TENANT_ID is set, the identity must carry it in `tid`.
 * The database side (matching the user, binding the subject on first sign-in) is in users.ts.
 */

export type IdentityRefusal = "NO_USERNAME" | "NO_SUBJECT" | "WRONG_TENANT";

export interface OidcIdentity {
  /** The issuer (`iss`), as the token says it — openid-client has checked it against discovery. */
  issuer: string;
  /** `tid:oid` (Entra) or `sub`. */
  subject: string;
  /** The UPN claim, trimmed (case is left to the look-up). */
  userName: string;
  /** Entra's directory (tenant) id, when the token has one. */
  tenantId: string | null;
}

export type IdentityResult = { ok: true; identity: OidcIdentity } | { ok: false; reason: IdentityRefusal };

/** Claims are at most this long; longer values are no identity at all. */
const MAX_CLAIM = 1024;

function claim(claims: Record<string, unknown>, name: string): string | null {
  const value = claims[name];
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed !== "" && trimmed.length <= MAX_CLAIM ? trimmed : null;
}

/** The user name the identity claims: `preferred_username`, else `upn`; never `email`. */
export function identityUserName(claims: Record<string, unknown>): string | null {
  return claim(claims, "preferred_username") ?? claim(claims, "upn");
}

/** The stable subject: `tid:oid` when the token has both (Microsoft Entra), else `sub`. */
export function identitySubject(claims: Record<string, unknown>): string | null {
  const tid = claim(claims, "tid");
  const oid = claim(claims, "oid");
  if (tid && oid) return `${tid.toLowerCase()}:${oid.toLowerCase()}`;
  return claim(claims, "sub");
}

/**
 * Reads the identity out of the claims, or says why it cannot sign in. `fallbackIssuer` (the
 * configured OIDC_ISSUER) is used only when the claims carry no `iss`; `requiredTenantId` is
 * OIDC_TENANT_ID.
 */
export function readIdentity(
  claims: Record<string, unknown>,
  { fallbackIssuer, requiredTenantId }: { fallbackIssuer: string; requiredTenantId?: string | null },
): IdentityResult {
  const tenantId = claim(claims, "tid");
  if (requiredTenantId && tenantId?.toLowerCase() !== requiredTenantId.trim().toLowerCase()) {
    return { ok: false, reason: "WRONG_TENANT" };
  }
  const subject = identitySubject(claims);
  if (!subject) return { ok: false, reason: "NO_SUBJECT" };
  const userName = identityUserName(claims);
  if (!userName) return { ok: false, reason: "NO_USERNAME" };
  const issuer = (claim(claims, "iss") ?? fallbackIssuer).replace(/\/+$/, "");
  return { ok: true, identity: { issuer, subject, userName, tenantId } };
}
