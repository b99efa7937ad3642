/**
 * Settings › API tokens › API reference (SPEC §10, ADR 24): the OpenAPI document rendered by Swagger UI,
 * bundled with the app and run under the pages' nonce CSP; a call tried from the page with a token
 * pasted under Authorize reaches the API. Readers read it; a User gets the 403 page.
 */
import { expect, httpStatusLine, test } from "./fixtures";

test("the admin opens the API reference from API tokens and tries a call with a token", async ({ page, signIn, auth }) => {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await signIn("GLOBAL_ADMIN");
  await page.goto("/settings/api-tokens");
  await page.getByRole("link", { name: "API reference" }).click();
  await expect(page).toHaveURL(/\/settings\/api-tokens\/reference$/);
  await expect(page.getByRole("heading", { name: "API reference", level: 1 })).toBeVisible();

  // The document's operations, from /api/v1 and /scim/v2.
  const reference = page.getByTestId("api-reference");
  await expect(reference.getByText("Licence auto-claim portal API")).toBeVisible({ timeout: 20_000 });
  const listApps = reference.locator("#operations-default-listApps, [id$='-listApps']").first();
  await expect(listApps).toContainText("/apps");
  await expect(reference.locator("[id$='-recordLaunch']").first()).toContainText("/launches");
  await expect(reference.locator("[id$='-scimCreateUser'], [id*='scim']").first()).toBeVisible();

  // Authorize with a token, then try GET /apps from the page.
  await reference
    .getByRole("button", { name: /Authorize/ })
    .first()
    .click();
  const dialog = page.locator(".modal-ux");
  await dialog
    .locator("input")
    .first()
    .fill(auth.authorization.replace(/^Bearer /, ""));
  await dialog.getByRole("button", { name: "Apply credentials" }).click();
  await expect(dialog.getByRole("button", { name: "Remove authorization" }).or(dialog.getByText("Logout"))).toBeVisible();
  await dialog.getByRole("button", { name: "Close" }).first().click();

  await listApps.locator(".opblock-summary").first().click();
  await listApps.getByRole("button", { name: "Try it out" }).click();
  await listApps.getByRole("button", { name: "Execute" }).click();
  const live = listApps.locator(".live-responses-table");
  await expect(live.locator("tbody .response-col_status").first()).toHaveText("200", { timeout: 15_000 });
  await expect(live).toContainText('"value"');

  expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
});

test("a Reports reader reads the reference; a User gets the 403 page", async ({ page, signIn, consoleErrors }) => {
  await signIn("REPORTS_READER");
  await page.goto("/settings/api-tokens/reference");
  await expect(page.getByRole("heading", { name: "API reference", level: 1 })).toBeVisible();
  await expect(page.getByTestId("api-reference").getByText("Licence auto-claim portal API")).toBeVisible({ timeout: 20_000 });

  consoleErrors.allow(httpStatusLine(403));
  await signIn("USER");
  const response = await page.goto("/settings/api-tokens/reference");
  expect(response?.status()).toBe(403);
});
