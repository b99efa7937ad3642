/**
 * Signing in with OpenID Connect through the **Sign in with Microsoft Entra ID** button, against a
 * real provider (tests/oidc/provider.ts, started by scripts/e2e-server.ts on 127.0.0.1) whose
 * accounts (tests/oidc/accounts.ts) each try one rule of SPEC §11: matched by the UPN claim only,
 * bound to tid:oid on first sign-in, OIDC_TENANT_ID required in tid. Those accounts name the demo
 * tenant's people (admin@contoso.com): the spec runs on the demo tenant Contoso the console server
 * was started with, which no other spec of that server touches (theirs are their own).
 */
import type { Page } from "@playwright/test";
import { SIGN_IN_ERRORS } from "../../src/lib/auth-messages";
import { expect, test } from "./fixtures";

test.use({ tenantKind: "demo" });

/** Clicks the button and picks `account` on the provider's page; the provider then sends the browser back. */
async function signInWithEntra(page: Page, account: string) {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in with Microsoft Entra ID" }).click();
  await expect(page.getByRole("heading", { name: "Test identity provider" })).toBeVisible();
  await page.getByLabel("Account").fill(account);
  await page.getByRole("button", { name: "Continue" }).click();
}

async function expectRefused(page: Page, code: keyof typeof SIGN_IN_ERRORS) {
  await expect(page).toHaveURL(new RegExp(`/sign-in\\?error=${code}$`));
  await expect(page.getByTestId("sign-in-error")).toHaveText(SIGN_IN_ERRORS[code]);
  const session = (await page.context().cookies()).find((c) => c.name.endsWith("next-auth.session-token"));
  expect(session, "no session").toBeUndefined();
  expect((await page.goto("/"))?.url()).toMatch(/\/sign-in$/);
}

test("the Global admin signs in with Entra ID and is bound to tid:oid; another subject with the same UPN is refused", async ({ page }) => {
  await signInWithEntra(page, "admin");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "Home", level: 1 })).toBeVisible();
  const bar = page.getByRole("banner").first();
  await expect(bar).toContainText("admin@contoso.com");
  await expect(bar).toContainText("Global admin");

  // The binding is audited (once, however often the admin signs in).
  await page.goto("/audit?action=user.identityBound");
  const rows = page.getByTestId("audit-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("admin@contoso.com");
  await expect(rows.first()).toContainText("First sign-in");

  // The same identity again: still the admin.
  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await signInWithEntra(page, "admin");
  await expect(page.getByRole("heading", { name: "Home", level: 1 })).toBeVisible();

  // Someone else, in another browser, whose token says admin@contoso.com with another oid.
  await page.context().clearCookies();
  await signInWithEntra(page, "impostor");
  await expectRefused(page, "OidcSubjectMismatch");
});

test("a wildcard UPN claim (%@contoso.com) matches nobody", async ({ page }) => {
  await signInWithEntra(page, "wildcard");
  await expectRefused(page, "OidcNoAccount");
});

test("an unverified email claim naming the admin does not sign in as the admin (nOAuth)", async ({ page }) => {
  await signInWithEntra(page, "unverified-email");
  await expectRefused(page, "OidcNoAccount");
});

test("an identity from another directory (tid) is refused, though its UPN exists", async ({ page }) => {
  await signInWithEntra(page, "other-tenant");
  await expectRefused(page, "OidcWrongTenant");
});
