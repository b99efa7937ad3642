/**
 * The /launch page's server actions, called as a browser would call them, as different people:
 * outside demo mode nobody launches or requests as someone else, and a refusal writes nothing.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { AppUser } from "@/server/auth/users";
import { findActiveUserById } from "@/server/auth/users";
import { createApp, createEnvironment, createPolicy, createProduct, createTenant, createUser } from "../factories";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";

const session = vi.hoisted(() => ({ user: null as AppUser | null, demo: false }));
vi.mock("@/server/auth/guards", () => ({ getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("@/env", async (original) => {
  const actual = await original<typeof import("@/env")>();
  return { ...actual, env: new Proxy(actual.env, { get: (target, key) => (key === "DEMO_MODE" ? session.demo : Reflect.get(target, key)) }) };
});

const { launchApp, requestLicenseAction } = await import("@/app/launch/actions");

const t = useTestDb();
let w: { tenantId: string; alice: AppUser; bob: AppUser; premium: string; product: string };

beforeAll(() => {
  useAppDb(t.db);
});

/** Every test writes launches and requests, so each gets its own tenant. */
beforeEach(async () => {
  const tenant = await createTenant(t.prisma, { autoClaimEnabled: true });
  const product = await createProduct(t.prisma, tenant.id, { purchasedUnits: 0 });
  const env = await createEnvironment(t.prisma, tenant.id, { managed: true });
  const app = await createApp(t.prisma, tenant.id, env.id, { premium: true });
  await createPolicy(t.prisma, tenant.id, { productIds: [product.id] });
  const alice = await createUser(t.prisma, tenant, { givenName: "Alice" });
  const bob = await createUser(t.prisma, tenant, { givenName: "Bob" });
  w = {
    tenantId: tenant.id,
    alice: (await findActiveUserById(t.prisma, alice.id))!,
    bob: (await findActiveUserById(t.prisma, bob.id))!,
    premium: app.id,
    product: product.id,
  };
  session.demo = false;
  session.user = w.alice;
});

/** A launch of the premium app by `user`, as themselves (refused: the pool has no units). */
async function launchAsThemselves(user: AppUser) {
  session.user = user;
  await expect(launchApp({ user: user.id, app: w.premium })).rejects.toThrow(/NEXT_REDIRECT/);
  session.user = w.alice;
}

const launches = () => t.prisma.launch.count({ where: { tenantId: w.tenantId } });

describe("launchApp", () => {
  it("refuses to launch as someone else outside demo mode (403), writing nothing", async () => {
    const before = await launches();
    const result = await launchApp({ user: w.bob.id, app: w.premium });
    expect(result).toMatchObject({ ok: false, status: 403 });
    expect(await launches()).toBe(before);
  });

  it("launches as yourself and goes to the outcome page", async () => {
    const before = await launches();
    await expect(launchApp({ user: w.alice.id, app: w.premium })).rejects.toThrow(/NEXT_REDIRECT/);
    expect(await launches()).toBe(before + 1);
  });

  it("lets anyone play anyone in demo mode", async () => {
    session.demo = true;
    await expect(launchApp({ user: w.bob.id, app: w.premium })).rejects.toThrow(/NEXT_REDIRECT/);
    expect(await t.prisma.launch.count({ where: { userId: w.bob.id } })).toBe(1);
  });

  it("answers 401 when signed out, and field errors for bad input", async () => {
    session.user = null;
    expect(await launchApp({ user: w.alice.id, app: w.premium })).toMatchObject({ ok: false, status: 401 });
    session.user = w.alice;
    const bad = await launchApp({ user: "x", app: "y" });
    expect(bad).toMatchObject({ ok: false });
    if (!bad.ok) expect(Object.keys(bad.fieldErrors).sort()).toEqual(["app", "user"]);
  });
});

describe("requestLicenseAction", () => {
  it("creates one pending request for your own refused launch; asking again returns it", async () => {
    await launchAsThemselves(w.alice);
    const launch = await t.prisma.launch.findFirstOrThrow({ where: { userId: w.alice.id, reason: "NO_LICENSES_AVAILABLE" } });
    const first = await requestLicenseAction({ launchId: launch.id, message: " please " });
    expect(first).toMatchObject({ ok: true, data: { created: true } });
    expect(await requestLicenseAction({ launchId: launch.id })).toMatchObject({ ok: true, data: { created: false } });
    const requests = await t.prisma.licenseRequest.findMany({ where: { userId: w.alice.id } });
    expect(requests).toEqual([expect.objectContaining({ status: "PENDING", message: "please", appId: w.premium, launchId: launch.id })]);
  });

  it("refuses a request for someone else's launch outside demo mode (403), writing nothing", async () => {
    await launchAsThemselves(w.bob);
    const launch = await t.prisma.launch.findFirstOrThrow({ where: { userId: w.bob.id } });
    expect(await requestLicenseAction({ launchId: launch.id })).toMatchObject({ ok: false, status: 403 });
    expect(await t.prisma.licenseRequest.count({ where: { userId: w.bob.id } })).toBe(0);
  });

  it("refuses a message over 500 characters, beside the field", async () => {
    await launchAsThemselves(w.alice);
    const launch = await t.prisma.launch.findFirstOrThrow({ where: { userId: w.alice.id } });
    const result = await requestLicenseAction({ launchId: launch.id, message: "x".repeat(501) });
    expect(result).toMatchObject({ ok: false, fieldErrors: { message: [expect.stringMatching(/500/)] } });
  });
});
