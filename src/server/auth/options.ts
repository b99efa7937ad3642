/**
 * next-auth (v4) configuration: demo accounts by password (demo mode only) and OpenID Connect
 * (Microsoft Entra ID or any issuer) when configured. Sessions are JWTs in an httpOnly cookie that
 * carry the user's id, tenant, role, UPN and display name, and the user's session version at issue;
 * the guards re-read the User row on every request, so the token is never the authority on role or
 * account status, and a session whose version is no longer the row's has ended (sessions.ts).
 */
import type { NextAuthOptions, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { env, oidcConfigured } from "@/env";
import { db } from "@/server/db";
import { resolveAuthSecret } from "./secret";
import { matchIdentity, verifyCredentials, type AppUser, type CredentialsResult, type IdentityMatch } from "./users";
import { signInLockedCode } from "@/lib/auth-messages";
import { clientAddress } from "@/server/http/client-address";
import { currentSessionVersion, endSessions } from "./sessions";
import { signInThrottle, type ThrottledResult } from "./throttle";

/** Sessions last one working day. */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export const OIDC_PROVIDER_ID = "oidc";
export const CREDENTIALS_PROVIDER_ID = "credentials";

// next-auth v4 builds its own URLs (redirects, the OIDC redirect_uri, whether cookies are Secure)
// from NEXTAUTH_URL, or — with AUTH_TRUST_HOST — from the request's X-Forwarded-Host (else Host)
// and X-Forwarded-Proto; without either it assumes http://localhost:3000. NEXTAUTH_URL defaults to
// APP_URL. With neither, the URL is taken from the request, which is safe: src/proxy.ts removes
// X-Forwarded-* unless TRUST_PROXY, and Next then sets them from the connection, so next-auth sees
// the Host the client addressed (sign-in works on any host and port) and a proxy's X-Forwarded-Host
// only when TRUST_PROXY says a proxy sets it.
if (!process.env.NEXTAUTH_URL && env.APP_URL) process.env.NEXTAUTH_URL = new URL(env.APP_URL).origin;
if (!process.env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST ??= "true";

let secret: string | undefined;
/** The signing secret, resolved on first use (never at build time); see secret.ts. */
export function authSecret(): string {
  secret ??= resolveAuthSecret({ AUTH_SECRET: env.AUTH_SECRET, DEMO_MODE: env.DEMO_MODE, NODE_ENV: env.NODE_ENV });
  return secret;
}

function toSessionUser(user: AppUser): User {
  return { id: user.id, name: user.displayName, email: user.upn, tenantId: user.tenantId, role: user.role, upn: user.upn };
}

function credentialsProvider() {
  return CredentialsProvider({
    id: CREDENTIALS_PROVIDER_ID,
    name: "Demo account",
    credentials: {
      username: { label: "Email or user name", type: "text" },
      password: { label: "Password", type: "password" },
    },
    async authorize(credentials, req) {
      const username = credentials?.username ?? "";
      const password = credentials?.password ?? "";
      let attempt: ThrottledResult<CredentialsResult>;
      try {
        // Counted per account and per client address before the password is checked (throttle.ts).
        attempt = await signInThrottle(db()).attempt(
          { account: username, address: clientAddress(req?.headers ?? {}) },
          () => verifyCredentials(db(), username, password),
          (result) => !result.ok && result.reason === "INVALID",
        );
      } catch (error) {
        // next-auth puts a thrown message in the URL: keep internal errors out of it.
        console.error("[auth] credentials check failed", error);
        throw new Error("Callback");
      }
      // Refused without checking the password; the code says how long to wait.
      if (attempt.refused) throw new Error(signInLockedCode(attempt.refused.scope, attempt.refused.retryAfterMs));
      const result = attempt.result;
      if (result.ok) return toSessionUser(result.user);
      if (result.reason === "DISABLED") throw new Error("AccountDisabled");
      return null; // → CredentialsSignin
    },
  });
}

/** Why an OIDC identity may not sign in, as the sign-in page's ?error= codes (messages in lib/auth-messages.ts). */
const DENIAL_CODES = {
  NO_USERNAME: "OidcNoUsername",
  NO_SUBJECT: "OidcNoSubject",
  WRONG_TENANT: "OidcWrongTenant",
  NO_ACCOUNT: "OidcNoAccount",
  DISABLED: "OidcAccountDisabled",
  SUBJECT_MISMATCH: "OidcSubjectMismatch",
  SUBJECT_IN_USE: "OidcSubjectInUse",
} as const satisfies Record<Extract<IdentityMatch, { ok: false }>["reason"], string>;

function oidcProvider(): OAuthConfig<Record<string, unknown>> {
  const issuer = env.OIDC_ISSUER!.replace(/\/+$/, "");
  return {
    id: OIDC_PROVIDER_ID,
    name: env.OIDC_DISPLAY_NAME,
    type: "oauth",
    wellKnown: `${issuer}/.well-known/openid-configuration`,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    // No `email`: it never names the user (SPEC §11).
    authorization: { params: { scope: "openid profile" } },
    idToken: true,
    checks: ["pkce", "state"],
    // The ID token's claims (checked by openid-client: signature, iss, aud, expiry) are matched to
    // an existing user here — by the UPN claim, then the bound issuer and subject (users.ts); the
    // signIn callback refuses the unmatched.
    async profile(claims) {
      const match = await matchIdentity(db(), claims, { fallbackIssuer: issuer, requiredTenantId: env.OIDC_TENANT_ID });
      if (match.ok) return toSessionUser(match.user);
      return { id: "denied", denied: DENIAL_CODES[match.reason] };
    },
  };
}

export const authOptions: NextAuthOptions = {
  get secret() {
    return authSecret();
  },
  providers: [...(env.DEMO_MODE ? [credentialsProvider()] : []), ...(oidcConfigured ? [oidcProvider()] : [])],
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
  // Errors (including our own codes) come back to the sign-in page as ?error=<code>.
  pages: { signIn: "/sign-in", error: "/sign-in" },
  callbacks: {
    signIn({ user }) {
      if (user.denied) return `/sign-in?${new URLSearchParams({ error: user.denied })}`;
      return Boolean(user.tenantId && user.role);
    },
    async jwt({ token, user }) {
      if (user?.tenantId && user.role && user.upn) {
        token.userId = user.id;
        token.tenantId = user.tenantId;
        token.role = user.role;
        token.upn = user.upn;
        token.displayName = user.name ?? user.upn;
        // The version the session is issued under; the guards refuse it once the row's differs.
        token.sessionVersion = await currentSessionVersion(db(), user.id);
      }
      return token;
    },
    session({ session, token }) {
      session.user = {
        id: token.userId,
        tenantId: token.tenantId,
        role: token.role,
        upn: token.upn,
        name: token.displayName,
        email: token.upn,
      };
      session.sessionVersion = token.sessionVersion;
      return session;
    },
  },
  events: {
    // Signing out ends every session of the user, in every process: a copy of this cookie (or one
    // on another device) is refused at its next request.
    async signOut({ token }) {
      if (token?.userId) await endSessions(db(), token.userId, token.sessionVersion);
    },
  },
  logger: {
    error(code, metadata) {
      console.error(`[auth] ${code}`, metadata);
    },
    warn(code) {
      // DEBUG_ENABLED is the only v4 warning left: it is expected in development.
      if (code !== "DEBUG_ENABLED") console.warn(`[auth] ${code}`);
    },
    debug() {},
  },
};
