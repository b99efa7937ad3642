/**
 * The fixtures every browser test uses:
 * - `tenant`: the spec file's own tenant — a copy of the demo tenant Contoso (prisma/seed/contoso.ts)
 *   under a domain of its own, seeded on the console server's database the first time a test of the
 *   file asks for it, with its own demo accounts and API token. Nothing another spec does can reach
 *   it, so specs run side by side and nothing is put back (docs/decisions/0012). A spec that needs the
 *   demo tenant itself says `test.use({ tenantKind: "demo" })`;
 * - `auth`: the tenant's API token as an `authorization` header;
 * - `signIn(role)` creates a session for the tenant's demo account directly through next-auth's
 *   credentials callback (CSRF token first), so that only sign-in.spec.ts drives the sign-in form;
 * - any `console.error` or uncaught error in the page fails the test, unless the test allowed it
 *   with `consoleErrors.allow(/pattern/)` (e.g. the browser's own "status of 403" line).
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { test as base, expect, type Page } from "@playwright/test";
import type { PrismaClient } from "../../src/generated/prisma/client";
import { createDb, type DbHandle } from "../../src/server/db/client";
import { CONTOSO_DOMAIN, seedContoso } from "../../prisma/seed/contoso";
import { SERVER_DATABASE_URL } from "./servers";

export type DemoRole = "GLOBAL_ADMIN" | "LICENSE_ADMIN" | "REPORTS_READER" | "USER";

export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? "contoso-demo";

/** A seeded tenant as the tests reach it: its domain, demo accounts and API token. */
export interface SeededTenant {
  name: string;
  domain: string;
  /** The demo accounts by role: `admin@<domain>`, `licenses@<domain>`, `reports@<domain>`, `adele.vance@<domain>`. */
  accounts: Record<DemoRole, string>;
  /** An API token with every scope. */
  apiToken: string;
  /** A seeded person's user principal name: `upn("zoe.fischer")`. */
  upn(name: string): string;
}

/** The tenant behind every seeded copy: prisma/seed/contoso.ts's accounts, as its domain names them. */
export function seededTenant(name: string, domain: string, apiToken: string): SeededTenant {
  const upn = (person: string) => `${person}@${domain}`;
  return {
    name,
    domain,
    apiToken,
    upn,
    accounts: { GLOBAL_ADMIN: upn("admin"), LICENSE_ADMIN: upn("licenses"), REPORTS_READER: upn("reports"), USER: upn("adele.vance") },
  };
}

/** The demo tenant Contoso, as `npm run db:seed` makes it in demo mode. */
export const DEMO_TENANT = seededTenant("Contoso", CONTOSO_DOMAIN, process.env.DEMO_API_TOKEN ?? "demo-token");

/** Each spec file's tenant, seeded once per worker process (a retried or restarted file seeds afresh). */
const ownTenants = new Map<string, Promise<SeededTenant>>();

async function seedOwnTenant(db: PrismaClient, specFile: string): Promise<SeededTenant> {
  // Unique per run as well as per spec: a reused server keeps the tenants of earlier runs.
  const slug = path
    .basename(specFile)
    .replace(/\.spec\.ts$/, "")
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-");
  const tenant = seededTenant("Contoso", `${slug}-${randomBytes(3).toString("hex")}.contoso.test`, `e2e-${randomBytes(16).toString("hex")}`);
  await seedContoso(db, { demo: true, demoPassword: DEMO_PASSWORD, demoApiToken: tenant.apiToken, tenant: { name: tenant.name, domain: tenant.domain } });
  return tenant;
}
/** The line Chromium logs for a document or fetch answered with this status. */
export const httpStatusLine = (status: number) => new RegExp(`status of ${status}\\b`);

interface ConsoleErrors {
  allow(pattern: RegExp): void;
}

/** The option a project or a spec sets (playwright.config.ts, `test.use`). */
export interface TenantOptions {
  /** "own" (the default): the spec file's own tenant; "demo": the demo tenant the server was started with. */
  tenantKind: "own" | "demo";
}

interface Fixtures extends TenantOptions {
  tenant: SeededTenant;
  /** The tenant's API token as a request header. */
  auth: { authorization: string };
  consoleErrors: ConsoleErrors;
  signIn: (role: DemoRole) => Promise<void>;
}

interface WorkerFixtures {
  /** The console server's database, opened the first time a spec of this worker seeds its tenant. */
  serverDb: () => PrismaClient;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  serverDb: [
    async ({}, use) => {
      let handle: DbHandle | undefined;
      await use(() => (handle ??= createDb(SERVER_DATABASE_URL)).prisma);
      await handle?.close();
    },
    { scope: "worker" },
  ],

  tenantKind: ["own", { option: true }],

  tenant: async ({ tenantKind, serverDb }, use, testInfo) => {
    if (tenantKind === "demo") return use(DEMO_TENANT);
    let tenant = ownTenants.get(testInfo.file);
    if (!tenant) ownTenants.set(testInfo.file, (tenant = seedOwnTenant(serverDb(), testInfo.file)));
    await use(await tenant);
  },

  auth: async ({ tenant }, use) => use({ authorization: `Bearer ${tenant.apiToken}` }),

  consoleErrors: [
    async ({ page }, use) => {
      const allowed: RegExp[] = [];
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
      await use({ allow: (pattern) => void allowed.push(pattern) });
      const unexpected = errors.filter((text) => !allowed.some((pattern) => pattern.test(text)));
      expect(unexpected, "unexpected console.error in the browser").toEqual([]);
    },
    { auto: true },
  ],

  signIn: async ({ page, tenant }, use) => {
    await use(async (role) => signInDirectly(page, tenant.accounts[role]));
  },
});

/** Signs in through next-auth's endpoints with the page's cookie jar: no form, no UI. */
export async function signInDirectly(page: Page, upn: string, password = DEMO_PASSWORD): Promise<void> {
  const csrf = await page.request.get("/api/auth/csrf");
  expect(csrf.ok(), "GET /api/auth/csrf").toBe(true);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await page.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, username: upn, password, json: "true" },
    maxRedirects: 0,
  });
  expect(response.status(), `credentials sign-in of ${upn}`).toBe(200);
  const cookies = await page.context().cookies();
  expect(
    cookies.some((c) => c.name.endsWith("next-auth.session-token")),
    "session cookie set",
  ).toBe(true);
}

export { expect };
