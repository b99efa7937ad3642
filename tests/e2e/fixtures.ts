/**
 * The fixtures every browser test uses:
 * - `signIn(role)` creates a session directly through next-auth's credentials callback (CSRF token
 *   first), so that only sign-in.spec.ts drives the sign-in form;
 * - any `console.error` or uncaught error in the page fails the test, unless the test allowed it
 *   with `consoleErrors.allow(/pattern/)` (e.g. the browser's own "status of 403" line).
 */
import { test as base, expect, type Page } from "@playwright/test";

export type DemoRole = "GLOBAL_ADMIN" | "REPORTS_READER" | "USER";

/** Demo accounts of the seeded tenant Contoso (prisma/seed/contoso.ts). */
export const DEMO_ACCOUNTS: Record<DemoRole, string> = {
  GLOBAL_ADMIN: "admin@contoso.com",
  REPORTS_READER: "reports@contoso.com",
  USER: "adele.vance@contoso.com",
};
export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? "contoso-demo";

/** The line Chromium logs for a document or fetch answered with this status. */
export const httpStatusLine = (status: number) => new RegExp(`status of ${status}\\b`);

interface ConsoleErrors {
  allow(pattern: RegExp): void;
}

interface Fixtures {
  consoleErrors: ConsoleErrors;
  signIn: (role: DemoRole) => Promise<void>;
}

export const test = base.extend<Fixtures>({
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

  signIn: async ({ page }, use) => {
    await use(async (role) => signInDirectly(page, DEMO_ACCOUNTS[role]));
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
  expect(cookies.some((c) => c.name.endsWith("next-auth.session-token")), "session cookie set").toBe(true);
}

export { expect };
