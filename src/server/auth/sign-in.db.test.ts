/**
 * The credentials provider and the session callbacks of authOptions, called as next-auth calls
 * them, on the app's database: throttling refuses with a plain wait, sessions carry their version,
 * and signing out ends them.
 */
import bcrypt from "bcryptjs";
import type { NextAuthOptions, Session } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signInErrorMessage } from "@/lib/auth-messages";
import { createTenant, createUser } from "../../../tests/factories";
import { useAppDb } from "../../../tests/setup/app-db";
import { useTestDb } from "../../../tests/setup/db";
import { findSessionUser } from "./sessions";

const t = useTestDb();
const PASSWORD = "right-password";
let domain: string;
let authOptions: NextAuthOptions;
type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;
let authorize: Authorize;

beforeAll(async () => {
  useAppDb(t.db);
  vi.stubEnv("DEMO_MODE", "true"); // the credentials provider exists in demo mode only
  ({ authOptions } = await import("./options"));
  const provider = authOptions.providers.find((p) => p.id === "credentials") as unknown as { options: { authorize: Authorize } };
  authorize = provider.options.authorize;
  const tenant = await createTenant(t.prisma, { name: "Sign-in", domain: `sign-in-${Date.now().toString(36)}.example` });
  domain = tenant.domain;
  const hash = await bcrypt.hash(PASSWORD, 4);
  for (const name of ["ada", "ben", "cy"])
    await createUser(t.prisma, tenant, { userPrincipalName: `${name}@${domain}`, displayName: name, role: "GLOBAL_ADMIN", passwordHash: hash });
});

afterAll(() => {
  vi.unstubAllEnvs();
});

/** What next-auth does with authorize's answer: a user, or the ?error= code of the sign-in page. */
async function signIn(username: string, password: string, forwardedFor: string): Promise<{ user: unknown } | { error: string }> {
  try {
    const user = await authorize({ username, password }, { headers: { "x-forwarded-for": forwardedFor } });
    return user ? { user } : { error: "CredentialsSignin" };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe("credentials sign-in throttling", () => {
  it("refuses the right password after 5 wrong ones and says to wait 15 minutes", async () => {
    const upn = `ada@${domain}`;
    for (let i = 0; i < 5; i++) expect(await signIn(upn, "wrong", "203.0.113.7")).toEqual({ error: "CredentialsSignin" });
    const refused = await signIn(upn, PASSWORD, "203.0.113.7");
    expect(refused).toEqual({ error: "AccountLocked-15" });
    expect(signInErrorMessage((refused as { error: string }).error)).toBe("Too many failed sign-ins for this account. Wait 15 minutes, then try again.");
    // From another address too: the lock is the account's.
    expect(await signIn(upn, PASSWORD, "192.0.2.1")).toEqual({ error: "AccountLocked-15" });
  });

  it("still signs in another account from the same address", async () => {
    expect(await signIn(`ben@${domain}`, PASSWORD, "203.0.113.7")).toMatchObject({ user: { upn: `ben@${domain}` } });
  });

  it("refuses an address after 50 failures, whatever the account", async () => {
    for (let i = 0; i < 50; i++) await signIn(`ben@${domain}`, i % 5 === 4 ? PASSWORD : "wrong", "203.0.113.50");
    // 40 failures so far (every fifth attempt succeeded and reset the account): 10 more.
    for (let i = 0; i < 10; i++) await signIn(`nobody-${i}@${domain}`, "wrong", "203.0.113.50");
    const refused = await signIn(`cy@${domain}`, PASSWORD, "203.0.113.50");
    expect(refused).toEqual({ error: "AddressLocked-15" });
    expect(signInErrorMessage("AddressLocked-15")).toBe("Too many failed sign-ins from your network address. Wait 15 minutes, then try again.");
    expect(await signIn(`cy@${domain}`, PASSWORD, "203.0.113.51")).toMatchObject({ user: { upn: `cy@${domain}` } });
  });
});

describe("session versions", () => {
  async function issue(upn: string): Promise<JWT> {
    const user = (await signIn(upn, PASSWORD, "198.51.100.200")) as {
      user: Parameters<NonNullable<NonNullable<NextAuthOptions["callbacks"]>["jwt"]>>[0]["user"];
    };
    return (await authOptions.callbacks!.jwt!({ token: {} as JWT, user: user.user, account: null })) as JWT;
  }

  it("issues a session with the user's current version, which the guard accepts", async () => {
    const row = await t.prisma.user.update({ where: { userPrincipalName: `cy@${domain}` }, data: { sessionVersion: 7 } });
    const token = await issue(`cy@${domain}`);
    expect(token).toMatchObject({ userId: row.id, sessionVersion: 7 });
    const session = (await authOptions.callbacks!.session!({
      session: { expires: "" } as never,
      token,
      user: undefined as never,
      newSession: undefined,
      trigger: "update",
    })) as Session;
    expect(await findSessionUser(t.prisma, { userId: session.user.id, sessionVersion: session.sessionVersion })).toMatchObject({ id: row.id });
  });

  it("ends the session at sign-out, for this cookie and every other of the user", async () => {
    const token = await issue(`cy@${domain}`);
    const copy = { ...token };
    expect(await findSessionUser(t.prisma, copy)).not.toBeNull();
    await authOptions.events!.signOut!({ token, session: undefined as never });
    expect(await findSessionUser(t.prisma, copy)).toBeNull();
    // Signing in again gives a session that works.
    expect(await findSessionUser(t.prisma, await issue(`cy@${domain}`))).not.toBeNull();
  });
});
