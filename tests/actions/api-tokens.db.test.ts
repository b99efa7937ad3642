/** The API tokens page's actions: Global admins only; anyone else gets 403 and nothing is written. */
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { AppUser } from "@/server/auth/users";
import { findActiveUserById } from "@/server/auth/users";
import { createTenant, createUser } from "../factories";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";

const session = vi.hoisted(() => ({ user: null as AppUser | null }));
vi.mock("@/server/auth/guards", () => ({ getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { createTokenAction, revokeTokenAction } = await import("@/app/(console)/settings/api-tokens/actions");

const t = useTestDb();
const people = {} as Record<"GLOBAL_ADMIN" | "REPORTS_READER" | "USER", AppUser>;
let tenantId = "";

beforeAll(async () => {
  useAppDb(t.db);
  const tenant = await createTenant(t.prisma);
  tenantId = tenant.id;
  for (const role of ["GLOBAL_ADMIN", "REPORTS_READER", "USER"] as const) {
    const u = await createUser(t.prisma, tenant, { role });
    people[role] = (await findActiveUserById(t.prisma, u.id))!;
  }
});

const tokens = () => t.prisma.apiToken.count({ where: { tenantId } });

describe("API token actions", () => {
  it.each(["USER", "REPORTS_READER"] as const)("refuse %s with 403 and write nothing", async (role) => {
    session.user = people.GLOBAL_ADMIN;
    const made = await createTokenAction({ name: "keep", scopes: ["launches"] });
    if (!made.ok) throw new Error(made.error);
    const before = await tokens();
    session.user = people[role];
    expect(await createTokenAction({ name: "nope", scopes: ["launches"] })).toMatchObject({ ok: false, status: 403 });
    expect(await revokeTokenAction({ id: made.data.id })).toMatchObject({ ok: false, status: 403 });
    expect(await tokens()).toBe(before);
    expect((await t.prisma.apiToken.findUniqueOrThrow({ where: { id: made.data.id } })).revokedAt).toBeNull();
  });

  it("lets a Global admin create from the form and revoke", async () => {
    session.user = people.GLOBAL_ADMIN;
    const form = new FormData();
    form.set("name", "From the form");
    form.append("scopes", "launches");
    form.append("scopes", "directory.read");
    const made = await createTokenAction(form);
    expect(made).toMatchObject({ ok: true, data: { token: expect.stringMatching(/^acp_/) } });
    if (!made.ok) return;
    expect(await revokeTokenAction({ id: made.data.id })).toMatchObject({ ok: true });
  });

  it("puts the errors beside the fields: no name, no scope", async () => {
    session.user = people.GLOBAL_ADMIN;
    const before = await tokens();
    const result = await createTokenAction(new FormData());
    expect(result).toMatchObject({ ok: false, fieldErrors: { name: [expect.any(String)], scopes: ["Choose at least one scope."] } });
    expect(await tokens()).toBe(before);
  });
});
