/**
 * The License administrator (SPEC §12): creates a policy with the wizard and manages licences, but
 * the organisation's own settings are not theirs — API tokens and Webhooks are not in the menu and
 * answer the 403 page, Org settings and Environments are read-only. axe finds nothing serious on
 * the pages they see, at desktop and phone widths.
 */
import { expect, httpStatusLine, test } from "./fixtures";
import { expectAccessible, expectAccessibleAtWidths, expectToast, next, openPolicyList, policyRow } from "./auto-claim-helpers";

test("a License administrator creates a policy, and gets the 403 page on API tokens and Webhooks", async ({ page, signIn, consoleErrors }) => {
  await signIn("LICENSE_ADMIN");
  await page.goto("/");
  await expect(page.getByRole("banner")).toContainText("License administrator");
  const nav = page.getByRole("navigation", { name: "Admin center" });
  await expect(nav.getByRole("link", { name: "Org settings" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "API tokens" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Webhooks" })).toHaveCount(0);

  // A policy, through the wizard, as a Global admin would.
  const name = "Flows for license admins";
  await openPolicyList(page);
  await expect(page.getByTestId("read-only-notice")).toHaveCount(0);
  await page.getByRole("link", { name: "Add a policy" }).click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await next(page, "Set an auto-claim app and product");
  await page.getByLabel("Auto-claim app", { exact: true }).selectOption({ label: "Power Automate" });
  await page.getByLabel("Primary product", { exact: true }).selectOption({ index: 1 });
  await next(page, "Select apps");
  await next(page, "Review and finish");
  await page.getByRole("button", { name: "Create policy" }).click();
  await expect(page.getByRole("heading", { name: "Policy created" })).toBeFocused();
  await expectToast(page, `Policy “${name}” created`);
  await openPolicyList(page);
  await expect(policyRow(page, name).getByRole("cell")).toHaveText(["Power Automate", "Power Automate Premium", /^\d+$/, "On", "All environments"]);
  for (const width of [1400, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page, `the policy list as a License administrator at ${width} px`);
  }
  await page.setViewportSize({ width: 1400, height: 900 });

  // The organisation's settings: read-only, saying who may change them.
  await page.goto("/settings/org-settings");
  await expect(page.getByTestId("read-only-notice")).toHaveText(/signed in as a License administrator: .* only a Global admin can make changes/);
  await expect(page.getByRole("button", { name: "Save", exact: true })).toBeDisabled();
  for (const width of [1400, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page, `Org settings as a License administrator at ${width} px`);
  }
  await page.setViewportSize({ width: 1400, height: 900 });

  // API tokens and Webhooks: the 403 page.
  consoleErrors.allow(httpStatusLine(403));
  for (const path of ["/settings/api-tokens", "/settings/api-tokens/reference", "/settings/webhooks"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("You don't have access to this page");
  }
  await expectAccessibleAtWidths(page, "the 403 page");
});
