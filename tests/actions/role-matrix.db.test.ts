/**
 * The role matrix (SPEC §12): every server action, console route handler and console page, called
 * as every role. Found from the files themselves, so an action or page added without a line in the
 * table below fails here. A role outside the table's set gets 403 before its input is read; a role
 * inside gets past the check (its `{}` input is then refused as invalid, or done — never a 403).
 */
import fs from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { ADMIN_ROLES, CONSOLE_ROLES, GLOBAL_ADMIN_ROLES, INTEGRATION_READER_ROLES, Role } from "@/lib/roles";
import type { AppUser } from "@/server/auth/users";
import { findActiveUserById } from "@/server/auth/users";
import { createTenant, createUser } from "../factories";
import { useAppDb } from "../setup/app-db";
import { useTestDb } from "../setup/db";

const STOP = new Error("stopped after the role check");
const session = vi.hoisted(() => ({ user: null as AppUser | null, required: [] as string[][] }));
vi.mock("@/server/auth/guards", () => ({
  getCurrentUser: async () => session.user,
  requireUser: async () => {
    if (!session.user) throw new Error("signed out");
    return session.user;
  },
  // Pages: record the roles the page admits and stop there; the page's own reads are not the point.
  requireRole: async (...roles: string[]) => {
    session.required.push(roles);
    throw STOP;
  },
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const APP = path.resolve(import.meta.dirname, "../../src/app");
const ROLES = [Role.GLOBAL_ADMIN, Role.LICENSE_ADMIN, Role.REPORTS_READER, Role.USER] as const;
const EVERYONE = ROLES;

function files(dir: string, name: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return files(full, name);
    return entry.name === name ? [path.relative(APP, full)] : [];
  });
}

/** Who may call each file's actions. */
const ACTIONS: Record<string, readonly Role[]> = {
  "(console)/billing/licenses/auto-claim/(list)/actions.ts": GLOBAL_ADMIN_ROLES,
  "(console)/billing/licenses/auto-claim/[id]/actions.ts": ADMIN_ROLES,
  "(console)/billing/licenses/auto-claim/[id]/reclaim/actions.ts": ADMIN_ROLES,
  "(console)/billing/licenses/auto-claim/[id]/report/actions.ts": ADMIN_ROLES,
  "(console)/billing/licenses/auto-claim/new/actions.ts": ADMIN_ROLES,
  "(console)/billing/licenses/products/[id]/actions.ts": ADMIN_ROLES,
  "(console)/billing/licenses/requests/actions.ts": ADMIN_ROLES,
  "(console)/groups/actions.ts": ADMIN_ROLES,
  "(console)/power-platform/environments/actions.ts": GLOBAL_ADMIN_ROLES,
  "(console)/power-platform/settings/licenses/actions.ts": ADMIN_ROLES,
  "(console)/settings/api-tokens/actions.ts": GLOBAL_ADMIN_ROLES,
  "(console)/settings/notifications/actions.ts": ADMIN_ROLES,
  "(console)/settings/org-settings/actions.ts": GLOBAL_ADMIN_ROLES,
  "(console)/settings/webhooks/actions.ts": GLOBAL_ADMIN_ROLES,
  "(console)/users/actions.ts": ADMIN_ROLES,
  "launch/actions.ts": EVERYONE,
  "notifications/actions.ts": CONSOLE_ROLES,
};

/** Who may open each console page (the console layout admits CONSOLE_ROLES; a page may admit fewer). */
const PAGES: Record<string, readonly Role[]> = {
  "(console)/page.tsx": CONSOLE_ROLES,
  "(console)/audit/page.tsx": CONSOLE_ROLES,
  "(console)/billing/licenses/page.tsx": CONSOLE_ROLES,
  "(console)/billing/licenses/auto-claim/(list)/page.tsx": CONSOLE_ROLES,
  "(console)/billing/licenses/auto-claim/[id]/page.tsx": CONSOLE_ROLES,
  "(console)/billing/licenses/auto-claim/[id]/reclaim/page.tsx": CONSOLE_ROLES,
  "(console)/billing/licenses/auto-claim/[id]/report/page.tsx": CONSOLE_ROLES,
  "(console)/billing/licenses/auto-claim/[id]/report/released/page.tsx": CONSOLE_ROLES,
  "(console)/billing/licenses/auto-claim/new/page.tsx": CONSOLE_ROLES,
  "(console)/billing/licenses/products/[id]/page.tsx": CONSOLE_ROLES,
  "(console)/billing/licenses/requests/page.tsx": CONSOLE_ROLES,
  "(console)/groups/page.tsx": CONSOLE_ROLES,
  "(console)/power-platform/environments/page.tsx": CONSOLE_ROLES,
  "(console)/power-platform/settings/licenses/page.tsx": CONSOLE_ROLES,
  "(console)/settings/api-tokens/page.tsx": INTEGRATION_READER_ROLES,
  "(console)/settings/api-tokens/reference/page.tsx": INTEGRATION_READER_ROLES,
  "(console)/settings/notifications/page.tsx": CONSOLE_ROLES,
  "(console)/settings/org-settings/page.tsx": CONSOLE_ROLES,
  "(console)/settings/webhooks/[id]/page.tsx": INTEGRATION_READER_ROLES,
  "(console)/settings/webhooks/page.tsx": INTEGRATION_READER_ROLES,
  "(console)/users/page.tsx": CONSOLE_ROLES,
  "(console)/users/[id]/page.tsx": CONSOLE_ROLES,
};

/** Who may call each console route handler (the exports read like the pages: every console role). */
const ROUTES: Record<string, readonly Role[]> = {
  "api/exports/policies/[policyId]/report/route.ts": CONSOLE_ROLES,
  "api/exports/policies/[policyId]/reclaim-dry-run/route.ts": CONSOLE_ROLES,
  "api/exports/policies/[policyId]/commands/route.ts": CONSOLE_ROLES,
};

const t = useTestDb();
const people = {} as Record<Role, AppUser>;

beforeAll(async () => {
  useAppDb(t.db);
  const tenant = await createTenant(t.prisma, { autoClaimEnabled: true });
  for (const role of ROLES) people[role] = (await findActiveUserById(t.prisma, (await createUser(t.prisma, tenant, { role })).id))!;
});

type Action = (input: unknown) => Promise<{ ok: boolean; status?: number; error?: string }>;

async function actionsOf(file: string): Promise<[string, Action][]> {
  const mod = (await import(path.join(APP, file))) as Record<string, unknown>;
  return Object.entries(mod).filter((entry): entry is [string, Action] => typeof entry[1] === "function");
}

describe("the role matrix", () => {
  it("has a line for every actions file, console page and console route handler there is", () => {
    expect(files(APP, "actions.ts").sort()).toEqual(Object.keys(ACTIONS).sort());
    expect(
      files(path.join(APP, "(console)"), "page.tsx")
        .map((f) => f.replace(/^\(console\)\//, "(console)/"))
        .sort(),
    ).toEqual(Object.keys(PAGES).sort());
    const consoleRoutes = files(APP, "route.ts").filter((f) => f.startsWith("api/exports/"));
    expect(consoleRoutes.sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it.each(Object.entries(ACTIONS))("%s: every action admits exactly its roles", async (file, allowed) => {
    const actions = await actionsOf(file);
    expect(actions.length).toBeGreaterThan(0);
    for (const [name, act] of actions) {
      session.user = null;
      expect(await act({}), `${name} signed out`).toMatchObject({ ok: false, status: 401 });
      for (const role of ROLES) {
        session.user = people[role];
        const result = await act({}).catch((error: unknown) => ({ ok: false, thrown: String(error) }));
        if (allowed.includes(role)) expect(result, `${name} as ${role}`).not.toMatchObject({ status: 403 });
        else expect(result, `${name} as ${role}`).toMatchObject({ ok: false, status: 403 });
      }
    }
  });

  it.each(Object.entries(PAGES))("%s admits exactly its roles", async (file, allowed) => {
    const mod = (await import(path.join(APP, file))) as { default: (props: unknown) => Promise<unknown> };
    session.required = [];
    session.user = people.GLOBAL_ADMIN;
    const props = { params: Promise.resolve({ id: "00000000-0000-4000-8000-000000000000" }), searchParams: Promise.resolve({}) };
    await expect(mod.default(props)).rejects.toBe(STOP);
    expect(session.required, "the page checks the role first, once").toHaveLength(1);
    const layout = session.required[0].filter((role) => (CONSOLE_ROLES as readonly string[]).includes(role));
    expect([...layout].sort()).toEqual([...allowed].sort());
  });

  it.each(Object.entries(ROUTES))("%s admits exactly its roles", async (file, allowed) => {
    const mod = (await import(path.join(APP, file))) as Record<string, (request: NextRequest, context: unknown) => Promise<Response>>;
    const [method, handler] = Object.entries(mod).find(([name]) => ["GET", "POST"].includes(name))!;
    const policyId = "00000000-0000-4000-8000-000000000000";
    for (const role of ROLES) {
      session.user = people[role];
      const request = new NextRequest(`http://localhost/${file}`, method === "POST" ? { method, body: new URLSearchParams({}) } : { method });
      const response = await handler(request, { params: Promise.resolve({ policyId }) });
      if (allowed.includes(role)) expect(response.status, `${method} as ${role}`).not.toBe(403);
      else expect(response.status, `${method} as ${role}`).toBe(403);
    }
  });

  it("gives the License administrator licences and policies, and the Global admin alone the organisation", () => {
    expect(ADMIN_ROLES).toContain(Role.LICENSE_ADMIN);
    expect(GLOBAL_ADMIN_ROLES).toEqual([Role.GLOBAL_ADMIN]);
    expect(INTEGRATION_READER_ROLES).not.toContain(Role.LICENSE_ADMIN);
  });
});
