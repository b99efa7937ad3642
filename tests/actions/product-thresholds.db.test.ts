/**
 * The thresholds action of the product page (SPEC §8.2): Global admins only — a Reports reader or a
 * User is refused with 403 and nothing changes; form input is parsed with each problem beside its
 * field; a Global admin's change resolves or raises the alerts at once.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { AppUser } from "@/server/auth/users";
import { findActiveUserById } from "@/server/auth/users";
import { assignDirect, createProduct, createTenant, createUser } from "../factories";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";

const session = vi.hoisted(() => ({ user: null as AppUser | null }));
vi.mock("@/server/auth/guards", () => ({ getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { setThresholdsAction } = await import("@/app/(console)/billing/licenses/products/[id]/actions");

const t = useTestDb();

beforeAll(() => {
  useAppDb(t.db);
});

/** A tenant of the test's own: a product of 10 units with 8 holders (at the warning level), and a signed-in person of `role`. */
async function world(role: "GLOBAL_ADMIN" | "REPORTS_READER" | "USER") {
  const tenant = await createTenant(t.prisma);
  const person = await createUser(t.prisma, tenant, { role });
  session.user = (await findActiveUserById(t.prisma, person.id))!;
  const product = await createProduct(t.prisma, tenant.id, { displayName: "Power Apps Premium", purchasedUnits: 10 });
  for (let i = 0; i < 8; i++) await assignDirect(t.prisma, tenant.id, (await createUser(t.prisma, tenant)).id, product.id);
  return { tenant, product };
}

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};
const open = async (productId: string) => (await t.prisma.productAlert.findMany({ where: { productId, resolvedAt: null } })).map((a) => a.level);

describe("setThresholdsAction", () => {
  it.each(["REPORTS_READER", "USER"] as const)("refuses a %s with 403 and changes nothing", async (role) => {
    const { tenant, product } = await world(role);
    const result = await setThresholdsAction(form({ productId: product.id, warningPercent: "90", criticalPercent: "95", emptyPercent: "100" }));
    expect(result).toMatchObject({ ok: false, status: 403 });
    expect(await t.prisma.product.findUniqueOrThrow({ where: { id: product.id } })).toMatchObject({ warningPercent: 80 });
    expect(await open(product.id)).toEqual(["WARNING"]);
    expect(await t.prisma.auditEntry.count({ where: { tenantId: tenant.id, action: "product.thresholds" } })).toBe(0);
  });

  it("lets a Global admin raise the warning threshold from the form: the alert resolves, the change is audited", async () => {
    const { tenant, product } = await world("GLOBAL_ADMIN");
    const result = await setThresholdsAction(form({ productId: product.id, warningPercent: "90", criticalPercent: "95", emptyPercent: "100" }));
    expect(result).toEqual({ ok: true, data: { warningPercent: 90, criticalPercent: 95, emptyPercent: 100, openLevels: [] } });
    expect(await open(product.id)).toEqual([]);
    expect(await t.prisma.auditEntry.count({ where: { tenantId: tenant.id, action: "product.thresholds" } })).toBe(1);
  });

  it("says what is wrong beside each field and changes nothing", async () => {
    const { product } = await world("GLOBAL_ADMIN");
    const attempt = (fields: Record<string, string>) => setThresholdsAction(form({ productId: product.id, ...fields }));
    expect(await attempt({ warningPercent: "95", criticalPercent: "95", emptyPercent: "100" })).toMatchObject({
      ok: false,
      fieldErrors: { criticalPercent: ["The critical threshold must be above the warning threshold."] },
    });
    expect(await attempt({ warningPercent: "50", criticalPercent: "96", emptyPercent: "95" })).toMatchObject({
      ok: false,
      fieldErrors: { emptyPercent: [expect.any(String)] },
    });
    expect(await attempt({ warningPercent: "abc", criticalPercent: "95", emptyPercent: "100" })).toMatchObject({
      ok: false,
      fieldErrors: { warningPercent: ["Enter the warning threshold as a whole percent."] },
    });
    expect(await attempt({ warningPercent: "50.5", criticalPercent: "0", emptyPercent: "101" })).toMatchObject({
      ok: false,
      fieldErrors: { warningPercent: [expect.any(String)], criticalPercent: [expect.any(String)], emptyPercent: [expect.any(String)] },
    });
    expect(await setThresholdsAction(form({ productId: "not-an-id", warningPercent: "50", criticalPercent: "60", emptyPercent: "70" }))).toMatchObject({
      ok: false,
      fieldErrors: { productId: [expect.any(String)] },
    });
    expect(await t.prisma.product.findUniqueOrThrow({ where: { id: product.id } })).toMatchObject({
      warningPercent: 80,
      criticalPercent: 95,
      emptyPercent: 100,
    });
  });

  it("refuses another tenant's product as not found", async () => {
    const { product } = await world("GLOBAL_ADMIN");
    await world("GLOBAL_ADMIN");
    const result = await setThresholdsAction(form({ productId: product.id, warningPercent: "50", criticalPercent: "60", emptyPercent: "70" }));
    expect(result).toMatchObject({ ok: false, status: 404 });
    expect(await t.prisma.product.findUniqueOrThrow({ where: { id: product.id } })).toMatchObject({ warningPercent: 80 });
  });
});
