/**
 * The sign-in form itself, driven as a person would (every other spec signs in with the fixture).
 * It runs on the demo server (playwright.config.ts, project "embedded"): the embedded database,
 * seeded as `npm run demo` seeds it, with the demo tenant Contoso alone — so the demo accounts the
 * page lists are Contoso's, and the embedded default is proved end to end.
 */
import type { Page } from "@playwright/test";
import { alertLevelsReached, DEFAULT_THRESHOLDS, highestAlertLevel } from "../../src/server/domain/licenses/units";
import { DEMO_PASSWORD, expect, httpStatusLine, test } from "./fixtures";

async function fillAndSubmit(page: Page, upn: string, password: string) {
  await page.getByLabel("Email or user name").fill(upn);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

const figure = async (row: ReturnType<Page["getByTestId"]>, id: string) => Number((await row.getByTestId(id).innerText()).replace(/[^\d]/g, ""));

test("a Global admin signs in with the form and sees the license pools on Home", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in", level: 1 })).toBeVisible();
  await fillAndSubmit(page, "admin@contoso.com", DEMO_PASSWORD);

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "Home", level: 1 })).toBeVisible();
  const session = (await page.context().cookies()).find((c) => c.name.endsWith("next-auth.session-token"));
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  const hoursLeft = (session!.expires * 1000 - Date.now()) / 3_600_000;
  expect(hoursLeft, "sessions last 8 hours").toBeGreaterThan(7.9);
  expect(hoursLeft).toBeLessThanOrEqual(8);
  const bar = page.getByRole("banner").first();
  await expect(bar).toContainText("Contoso");
  await expect(bar).toContainText("admin@contoso.com");
  await expect(bar).toContainText("Global admin");

  const rows = page.locator('tr[data-testid^="product-"]');
  await expect(rows.first()).toBeVisible();
  const names = await rows.getByTestId("product-name").allInnerTexts();
  expect(names).toEqual(expect.arrayContaining(["Power Apps Premium", "Microsoft 365 E3"]));

  for (const row of await rows.all()) {
    const purchased = await figure(row, "purchased");
    const consumed = await figure(row, "consumed");
    const available = await figure(row, "available");
    expect(consumed, "consumed ≤ purchased").toBeLessThanOrEqual(purchased);
    expect(consumed + available, "consumed + available = purchased").toBe(purchased);
    await expect(row.getByRole("progressbar")).toHaveAttribute(
      "aria-valuetext",
      `${consumed} of ${purchased} consumed (${Math.round((consumed / Math.max(purchased, 1)) * 100)}%)`,
    );
    // The seed keeps the default thresholds: the badge is the highest one crossed.
    const alert = highestAlertLevel(alertLevelsReached(purchased, consumed, DEFAULT_THRESHOLDS));
    if (alert) await expect(row.getByTestId("alert")).toHaveAttribute("data-alert", alert);
    else await expect(row.getByTestId("alert")).toHaveCount(0);
  }
  await expect(page.getByTestId("unmet-demand")).toHaveText(/^\d[\d,]*$/);
});

test("a wrong password shows the error on the form", async ({ page, consoleErrors }) => {
  consoleErrors.allow(httpStatusLine(401)); // the browser logs the refused credentials request
  await page.goto("/sign-in");
  await fillAndSubmit(page, "admin@contoso.com", "not-the-password");

  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Your account or password is incorrect.");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByLabel("Email or user name")).toHaveValue("admin@contoso.com");
});

test("a User picked from the demo accounts lands on the launch page and gets the 403 page in the admin center", async ({ page, consoleErrors }) => {
  consoleErrors.allow(httpStatusLine(403));
  await page.goto("/sign-in");
  const row = page.getByTestId("demo-accounts").locator('tr[data-role="USER"]').first();
  const upn = await row.getByTestId("demo-upn").innerText();
  expect(upn).toMatch(/^[a-z]+\.[a-z]+@contoso\.com$/);
  await row.getByRole("button", { name: `Use ${upn}` }).click();
  await expect(page.getByLabel("Email or user name")).toHaveValue(upn);
  await expect(page.getByLabel("Password")).toHaveValue(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();

  await expect(page).toHaveURL(/\/launch$/);
  await expect(page.getByRole("heading", { name: "App launch (demo)", level: 1 })).toBeVisible();

  const response = await page.goto("/");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to App launch" })).toHaveAttribute("href", "/launch");
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
});

test("a Reports reader signs in and sees Home", async ({ page }) => {
  await page.goto("/sign-in");
  await fillAndSubmit(page, "REPORTS@contoso.com", DEMO_PASSWORD); // user names are case-insensitive
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "Home", level: 1 })).toBeVisible();
  await expect(page.getByRole("banner").first()).toContainText("Reports reader");
  await expect(page.getByTestId("product-POWERAPPS_PER_USER")).toBeVisible();
});

test("a signed-out visit is sent to sign-in and comes back after signing in", async ({ page }) => {
  await page.goto("/users");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fusers$/);
  await fillAndSubmit(page, "admin@contoso.com", DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/users$/);
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
});

test("Sign out in the top bar ends the session", async ({ page, signIn }) => {
  await signIn("GLOBAL_ADMIN");
  await page.goto("/");
  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
});
