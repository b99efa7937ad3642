import bcrypt from "bcryptjs";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTenant, createUser } from "../../../tests/factories";
import { createDb } from "@/server/db/client";
import { TEST_ENGINE, useTestDb } from "../../../tests/setup/db";
import { createSignInThrottle, SIGN_IN_LIMITS, type SignInThrottle } from "./throttle";
import { verifyCredentials, type CredentialsResult } from "./users";

const t = useTestDb();
const PASSWORD = "right-password";
let domain: string;
let throttle: SignInThrottle;
let addressCounter = 0;
/** A fresh client address per test, so that tests share no counter. */
const newAddress = () => `198.51.100.${++addressCounter}`;

beforeAll(async () => {
  const tenant = await createTenant(t.prisma, { name: "Throttled", domain: `throttle-${Date.now().toString(36)}.example` });
  domain = tenant.domain;
  const hash = await bcrypt.hash(PASSWORD, 4);
  for (const name of ["alex", "blair", "casey", "drew", "emery", "flynn"]) {
    await createUser(t.prisma, tenant, { userPrincipalName: `${name}@${domain}`, displayName: name, passwordHash: hash });
  }
  throttle = createSignInThrottle(t.prisma, { clearExpired: false });
});

afterEach(() => {
  vi.useRealTimers();
});

const failed = (r: CredentialsResult) => !r.ok && r.reason === "INVALID";

/** One sign-in through the throttle, as the credentials provider does it. */
function signIn(upn: string, password: string, address: string, th: SignInThrottle = throttle, db = t.prisma) {
  return th.attempt({ account: upn, address }, () => verifyCredentials(db, upn, password), failed);
}

describe("per account", () => {
  it("refuses the right password after 5 failures, without checking it, and says how long to wait", async () => {
    const upn = `alex@${domain}`;
    const address = newAddress();
    for (let i = 0; i < SIGN_IN_LIMITS.account.failures; i++) {
      expect(await signIn(upn, "wrong", address)).toEqual({ refused: null, result: { ok: false, reason: "INVALID" } });
    }
    const check = vi.fn(() => verifyCredentials(t.prisma, upn, PASSWORD));
    const attempt = await throttle.attempt({ account: upn, address }, check, failed);
    expect(check).not.toHaveBeenCalled();
    expect(attempt.refused).toMatchObject({ scope: "account" });
    expect(attempt.refused!.retryAfterMs).toBeGreaterThan(14 * 60_000);
    expect(attempt.refused!.retryAfterMs).toBeLessThanOrEqual(15 * 60_000);
  });

  it("counts the name whatever its case or surrounding spaces", async () => {
    const address = newAddress();
    for (const name of [`blair@${domain}`, `BLAIR@${domain}`, ` Blair@${domain} `, `bLaIr@${domain}`, `blair@${domain.toUpperCase()}`]) {
      await signIn(name, "wrong", address);
    }
    expect((await signIn(`blair@${domain}`, PASSWORD, address)).refused).toMatchObject({ scope: "account" });
  });

  it("does not lock another account signing in from the same address", async () => {
    const address = newAddress();
    for (let i = 0; i < 6; i++) await signIn(`casey@${domain}`, "wrong", address);
    expect(await signIn(`drew@${domain}`, PASSWORD, address)).toMatchObject({ refused: null, result: { ok: true } });
  });

  it("forgets the failures after a successful sign-in", async () => {
    const upn = `drew@${domain}`;
    const address = newAddress();
    for (let i = 0; i < 4; i++) await signIn(upn, "wrong", address);
    expect(await signIn(upn, PASSWORD, address)).toMatchObject({ refused: null, result: { ok: true } });
    expect(await throttle.failures("account", upn)).toBe(0);
    for (let i = 0; i < 4; i++) await signIn(upn, "wrong", address);
    expect(await signIn(upn, PASSWORD, address)).toMatchObject({ refused: null, result: { ok: true } });
  });

  it("lets the account try again once the 15 minutes' wait is over", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-01T09:00:00Z") });
    const upn = `emery@${domain}`;
    const address = newAddress();
    for (let i = 0; i < 6; i++) await signIn(upn, "wrong", address);
    vi.setSystemTime(new Date("2026-12-01T09:14:00Z"));
    const refused = await signIn(upn, PASSWORD, address);
    expect(refused.refused).toMatchObject({ scope: "account" });
    expect(refused.refused!.retryAfterMs).toBe(60_000);
    vi.setSystemTime(new Date("2026-12-01T09:15:01Z"));
    expect(await signIn(upn, PASSWORD, address)).toMatchObject({ refused: null, result: { ok: true } });
  });

  it("counts unknown names too, so that a refusal tells nothing about which names exist", async () => {
    const address = newAddress();
    const nobody = `nobody-${Date.now()}@${domain}`;
    for (let i = 0; i < 5; i++) await signIn(nobody, "wrong", address);
    expect((await signIn(nobody, "wrong", address)).refused).toMatchObject({ scope: "account" });
  });
});

describe("per client address", () => {
  it("blocks an address after 50 failures, for every account, while other addresses still sign in", async () => {
    const address = newAddress();
    // 50 failures over 10 names (5 each: no account is locked by them).
    const wrong = async () => ({ ok: false, reason: "INVALID" }) as CredentialsResult;
    for (let i = 0; i < SIGN_IN_LIMITS.address.failures; i++) await throttle.attempt({ account: `spray-${i % 10}@${domain}`, address }, wrong, failed);
    const check = vi.fn(() => verifyCredentials(t.prisma, `flynn@${domain}`, PASSWORD));
    const attempt = await throttle.attempt({ account: `flynn@${domain}`, address }, check, failed);
    expect(check).not.toHaveBeenCalled();
    expect(attempt.refused).toMatchObject({ scope: "address" });
    expect(attempt.refused!.retryAfterMs).toBeGreaterThan(14 * 60_000);
    // A blocked address spends nothing of the account's allowance.
    expect(await throttle.failures("account", `flynn@${domain}`)).toBe(0);
    expect(await signIn(`flynn@${domain}`, PASSWORD, newAddress())).toMatchObject({ refused: null, result: { ok: true } });
  });

  it("does not count successful sign-ins against the address", async () => {
    const address = newAddress();
    for (let i = 0; i < 60; i++) expect((await signIn(`flynn@${domain}`, PASSWORD, address)).refused).toBeNull();
    expect(await throttle.failures("address", address)).toBe(0);
  });
});

describe("under concurrency", () => {
  it("counts 20 parallel failures from one address as 20 (no lost update)", async () => {
    const address = newAddress();
    const attempts = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(`parallel-${i}@${domain}`, "wrong", address)));
    expect(attempts.every((a) => a.refused === null)).toBe(true);
    expect(await throttle.failures("address", address)).toBe(20);
  });

  it("checks at most 5 of 20 parallel guesses at one account", async () => {
    const upn = `parallel-target@${domain}`;
    const check = vi.fn(async () => ({ ok: false, reason: "INVALID" }) as CredentialsResult);
    const attempts = await Promise.all(Array.from({ length: 20 }, () => throttle.attempt({ account: upn, address: newAddress() }, check, failed)));
    expect(check).toHaveBeenCalledTimes(SIGN_IN_LIMITS.account.failures);
    expect(attempts.filter((a) => a.refused?.scope === "account")).toHaveLength(20 - SIGN_IN_LIMITS.account.failures);
  });

  it.runIf(TEST_ENGINE === "postgres")("shares a block between two processes on one database", async () => {
    const other = createDb(t.db.url!); // a second Prisma client, as a second app process has
    try {
      const otherThrottle = createSignInThrottle(other.prisma, { clearExpired: false });
      const upn = `alex.shared-${Date.now()}@${domain}`;
      const address = newAddress();
      // Failures alternate between the two processes; the sixth attempt, in either, is refused.
      for (let i = 0; i < 5; i++)
        await (i % 2 ? otherThrottle : throttle).attempt(
          { account: upn, address },
          async () => ({ ok: false, reason: "INVALID" }) as CredentialsResult,
          failed,
        );
      const check = vi.fn(async () => ({ ok: true }) as unknown as CredentialsResult);
      expect((await otherThrottle.attempt({ account: upn, address }, check, failed)).refused).toMatchObject({ scope: "account" });
      expect((await throttle.attempt({ account: upn, address }, check, failed)).refused).toMatchObject({ scope: "account" });
      expect(check).not.toHaveBeenCalled();
    } finally {
      await other.close();
    }
  });
});
