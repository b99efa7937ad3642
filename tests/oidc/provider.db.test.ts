/**
 * The test provider's real ID tokens, read as next-auth reads them (openid-client 5: discovery,
 * authorization code with PKCE, token signature and claims checks), and matched by matchIdentity
 * on PGlite and PostgreSQL — the same path as the browser test, without the browser.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generators, Issuer, type Client } from "openid-client";
import { matchIdentity } from "@/server/auth/users";
import { createTenant, createUser } from "../factories";
import { useTestDb } from "../setup/db";
import { TEST_TENANT_ID } from "./accounts";
import { startTestIssuer, type TestIssuer } from "./provider";

const t = useTestDb();
const REDIRECT = "http://127.0.0.1:9/api/auth/callback/oidc"; // never contacted: the code is read from the Location header
let issuer: TestIssuer;
let client: Client;

beforeAll(async () => {
  issuer = await startTestIssuer({ clientId: "portal", clientSecret: "portal-secret", redirectUris: [REDIRECT] });
  const discovered = await Issuer.discover(`${issuer.issuer}/.well-known/openid-configuration`);
  client = new discovered.Client({ client_id: "portal", client_secret: "portal-secret", redirect_uris: [REDIRECT], response_types: ["code"] });
  const tenant = await createTenant(t.prisma, { name: "Contoso", domain: "contoso.com" });
  await createUser(t.prisma, tenant, { userPrincipalName: "admin@contoso.com", role: "GLOBAL_ADMIN" });
  await createUser(t.prisma, tenant, { userPrincipalName: "reports@contoso.com", role: "REPORTS_READER" });
});
afterAll(() => issuer?.close());

/** Signs `account` in at the provider over HTTP, as a browser would, and returns the ID token's claims. */
async function idTokenClaims(account: string): Promise<Record<string, unknown>> {
  const cookies = new Map<string, string>();
  const request = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...init.headers, cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      cookies.set(pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1));
    }
    return response;
  };
  const follow = async (response: Response, url: string) => {
    while (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get("location")!, url).href;
      if (url.startsWith(REDIRECT)) break;
      response = await request(url);
    }
    return { response, url };
  };
  const verifier = generators.codeVerifier();
  const state = generators.state();
  const start = client.authorizationUrl({ scope: "openid profile", state, code_challenge: generators.codeChallenge(verifier), code_challenge_method: "S256" });
  const login = await follow(await request(start), start);
  expect(login.url).toMatch(/\/interaction\//);
  expect(await login.response.text()).toContain('<label for="account">Account</label>');
  const back = await follow(
    await request(login.url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ account }) }),
    login.url,
  );
  expect(back.url.startsWith(REDIRECT), `redirected back, not ${back.response.status}`).toBe(true);
  const tokens = await client.callback(REDIRECT, client.callbackParams(back.url), { code_verifier: verifier, state });
  return tokens.claims() as Record<string, unknown>;
}

describe("the test OpenID Connect provider", () => {
  it("issues Entra-shaped ID tokens with the UPN, tid and oid", async () => {
    const claims = await idTokenClaims("admin");
    expect(claims).toMatchObject({ iss: issuer.issuer, aud: "portal", sub: "admin", tid: TEST_TENANT_ID, preferred_username: "admin@contoso.com" });
    expect(typeof claims.oid).toBe("string");
  });

  it("signs the admin in and binds tid:oid; another subject for the same UPN is refused", async () => {
    const policy = { fallbackIssuer: issuer.issuer, requiredTenantId: TEST_TENANT_ID };
    const admin = await idTokenClaims("admin");
    expect(await matchIdentity(t.prisma, admin, policy)).toMatchObject({ ok: true, user: { upn: "admin@contoso.com", role: "GLOBAL_ADMIN" } });
    expect(await t.prisma.user.findFirst({ where: { userPrincipalName: "admin@contoso.com" }, select: { oidcIssuer: true, oidcSubject: true } })).toEqual({
      oidcIssuer: issuer.issuer,
      oidcSubject: `${TEST_TENANT_ID}:${String(admin.oid)}`,
    });
    expect(await matchIdentity(t.prisma, await idTokenClaims("admin"), policy)).toMatchObject({ ok: true });
    expect(await matchIdentity(t.prisma, await idTokenClaims("impostor"), policy)).toEqual({ ok: false, reason: "SUBJECT_MISMATCH" });
  });

  it("refuses the wildcard UPN, the unverified email and the other directory", async () => {
    const policy = { fallbackIssuer: issuer.issuer, requiredTenantId: TEST_TENANT_ID };
    expect(await matchIdentity(t.prisma, await idTokenClaims("wildcard"), policy)).toEqual({ ok: false, reason: "NO_ACCOUNT" });
    const attack = await idTokenClaims("unverified-email");
    expect(attack).toMatchObject({ email: "admin@contoso.com", email_verified: false });
    expect(await matchIdentity(t.prisma, attack, policy)).toEqual({ ok: false, reason: "NO_ACCOUNT" });
    expect(await matchIdentity(t.prisma, await idTokenClaims("other-tenant"), policy)).toEqual({ ok: false, reason: "WRONG_TENANT" });
  });
});
