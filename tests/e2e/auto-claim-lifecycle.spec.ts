/**
 * A Global admin's whole round with auto-claim policies: delete the auto-created policy,
 * create a Power Apps policy through the four steps (a backup product, a service plan off, a group),
 * see it in the list, edit it (reorder, rename, status off), widen its scope in Power Platform ›
 * Settings › Licenses, delete it; then a Power Automate policy with a service plan off. The tests
 * run in order, on the spec's own seeded tenant.
 */
import { expect, test } from "./fixtures";
import { choose, deletePolicy, draftOf, expectToast, LIST, listedPolicies, next, openPolicyList, policyRow, PP_LICENSES } from "./auto-claim-helpers";

test.describe.configure({ mode: "serial" });

const MAKERS = "Contoso Makers";
const RENAMED = "Contoso Makers (renamed)";

test("delete the Power Apps policy, then create one through all four steps and see it in the list", async ({ page, signIn }) => {
  await signIn("GLOBAL_ADMIN");
  await openPolicyList(page);

  // The seeded tenant has the auto-created policy; a Power Apps policy must go before another is made.
  for (const [name, app] of Object.entries(await listedPolicies(page))) {
    if (app !== "Power Apps") continue;
    await policyRow(page, name).getByRole("link", { name, exact: true }).click();
    await page.getByRole("button", { name: "Delete policy" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete this policy?" });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await deletePolicy(page, name);
  }

  // Step 1.
  await page.getByRole("link", { name: "Add a policy" }).click();
  await expect(page).toHaveURL(/\/billing\/licenses\/auto-claim\/new/);
  const rail = page.getByRole("navigation", { name: "Add a policy steps" });
  await expect(rail.getByRole("listitem")).toHaveText([/Name this auto-claim policy/, /Set an auto-claim app and product/, /Select apps/, /Review and finish/]);
  await expect(rail.locator('[aria-current="step"]')).toHaveText(/Name this auto-claim policy/);
  await page.getByLabel("Name", { exact: true }).fill(MAKERS);
  await next(page, "Set an auto-claim app and product");
  await expect(page.locator("#step-heading")).toBeFocused();
  await expect(rail.locator('[aria-current="step"]')).toHaveText(/Set an auto-claim app and product/);

  // Step 2: the app, a primary and a backup product (with their available units), a group.
  await page.getByLabel("Auto-claim app", { exact: true }).selectOption({ label: "Power Apps" });
  const primary = page.getByLabel("Primary product", { exact: true });
  await expect(primary.locator("option")).toHaveText([
    "Select a product",
    /^Power Apps Premium \(\d+ of \d+ available\)$/,
    /^Power Apps per app \(\d+ of \d+ available\)$/,
  ]);
  await primary.selectOption({ index: 1 });
  await page.getByRole("button", { name: "Add a backup product" }).click();
  const backup = page.getByLabel("Backup product 1", { exact: true });
  await expect(backup).toBeFocused();
  await expect(backup.locator("option")).toHaveText(["Select a product", /^Power Apps per app/]);
  await backup.selectOption({ index: 1 });
  await page.getByLabel("Add users to a group (optional)", { exact: true }).selectOption({ label: "Power Apps Makers" });
  // Where it applies: All environments unless chosen otherwise; this one only in managed environments.
  const scope = page.getByRole("group", { name: "Where it applies" });
  await expect(scope.getByRole("radio", { name: /^All environments/ })).toBeChecked();
  await scope.getByRole("radio", { name: /^Managed environments only/ }).check();

  // Back keeps everything; so does the address (reload).
  await page.getByRole("button", { name: "Back", exact: true }).click();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(MAKERS);
  await next(page, "Set an auto-claim app and product");
  await expect(page.getByLabel("Auto-claim app", { exact: true })).toHaveValue("POWER_APPS");
  await expect(page.getByLabel("Backup product 1", { exact: true }).locator("option:checked")).toHaveText(/Power Apps per app/);

  // Step 3: switch Dataverse off in Power Apps Premium.
  await next(page, "Select apps");
  const premiumPlans = page.getByRole("group", { name: /^Power Apps Premium \(primary product\)/ });
  await expect(premiumPlans.getByRole("checkbox")).toHaveCount(4);
  await premiumPlans.getByRole("checkbox", { name: "Dataverse", exact: true }).uncheck();
  await expect(
    page.getByRole("group", { name: /^Power Apps per app \(backup product 1\)/ }).getByRole("checkbox", { name: "Dataverse", exact: true }),
  ).toBeChecked();

  // Step 4: every choice, each with Edit.
  await next(page, "Review and finish");
  const review = page.getByTestId("review");
  await expect(review).toContainText(MAKERS);
  await expect(review.getByRole("listitem").filter({ hasText: "available" })).toHaveText([/Power Apps Premium \(primary/, /Power Apps per app \(backup/]);
  await expect(review).toContainText("Power Apps Makers");
  await expect(review).toContainText("(off: Dataverse)");
  await expect(review).toContainText("ScopeManaged environments");
  await expect(review.getByRole("button", { name: /^Edit/ })).toHaveCount(6);

  // Reload, browser Back and Forward keep the draft; nothing has been written yet.
  const draft = draftOf(page.url());
  expect(draft).toMatchObject({ name: MAKERS, app: "POWER_APPS" });
  await page.reload();
  await expect(page.getByRole("heading", { level: 2, name: "Review and finish" })).toBeVisible();
  await expect(page.getByTestId("review")).toContainText("(off: Dataverse)");
  await page.goBack();
  await expect(page.getByRole("heading", { level: 2, name: "Select apps" })).toBeVisible();
  await expect(page.getByRole("group", { name: /^Power Apps Premium/ }).getByRole("checkbox", { name: "Dataverse", exact: true })).not.toBeChecked();
  await page.goForward();
  await expect(page.getByRole("heading", { level: 2, name: "Review and finish" })).toBeVisible();
  await page.getByRole("button", { name: "Edit name" }).click();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(MAKERS);
  await next(page, "Set an auto-claim app and product");
  await next(page, "Select apps");
  await next(page, "Review and finish");

  await page.getByRole("button", { name: "Create policy" }).click();
  await expect(page.getByRole("heading", { name: "Policy created" })).toBeFocused();
  await expectToast(page, `Policy “${MAKERS}” created`);
  await page.getByRole("link", { name: "Back to auto-claim policies" }).click();
  await expect(page).toHaveURL(new RegExp(`${LIST}$`));

  // The list: Microsoft's Name, Associated app, Assigned product, Available licenses, Status; then Scope.
  await expect(page.getByRole("table", { name: "Auto-claim policies" }).getByRole("columnheader")).toHaveText([
    "Name",
    "Associated app",
    "Assigned product",
    "Available licenses",
    "Status",
    "Scope",
  ]);
  const row = policyRow(page, MAKERS);
  await expect(row.getByRole("cell")).toHaveText(["Power Apps", /^Power Apps Premium\s*then Power Apps per app$/, /^\d+$/, "On", "Managed environments"]);
  // Available licenses: what both products have left (Billing › Licenses › Products).
  const available = Number(await row.getByTestId("available-licenses").textContent());
  await page.goto("/billing/licenses");
  const left = async (sku: string) => Number(await page.getByTestId(`product-${sku}`).getByTestId("available").textContent());
  expect(available).toBe((await left("POWERAPPS_PER_USER")) + (await left("POWERAPPS_PER_APP_NEW")));
});

test("edit it: reorder the products, rename it, turn it off", async ({ page, signIn }) => {
  await signIn("GLOBAL_ADMIN");
  await openPolicyList(page);
  await policyRow(page, MAKERS).getByRole("link", { name: MAKERS, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: MAKERS })).toBeVisible();
  await expect(page.getByRole("link", { name: "View report" })).toHaveAttribute("href", /\/billing\/licenses\/auto-claim\/[0-9a-f-]{36}\/report$/);

  const names = page.getByTestId("policy-product-name");
  await expect(names).toHaveText(["Power Apps Premium", "Power Apps per app"]);
  await page.getByRole("button", { name: "Move up Power Apps per app" }).click();
  await expectToast(page, "Products saved");
  await expect(names).toHaveText(["Power Apps per app", "Power Apps Premium"]);
  await expect(page.getByRole("button", { name: "Move down Power Apps per app" })).toBeFocused();
  await expect(page.getByRole("group", { name: "Power Apps Premium" }).getByRole("checkbox", { name: "Dataverse", exact: true })).not.toBeChecked();
  // Remove the backup, then add it back (it comes back with every app on).
  await page.getByRole("button", { name: "Remove Power Apps Premium" }).click();
  await expectToast(page, "Products saved");
  await expect(names).toHaveText(["Power Apps per app"]);
  await expect(page.getByRole("button", { name: "Remove Power Apps per app" })).toBeDisabled();
  await choose(page.getByLabel("Backup product to add"), "Power Apps Premium");
  await page.getByRole("button", { name: "Add a backup product" }).click();
  await expect(names).toHaveText(["Power Apps per app", "Power Apps Premium"]);
  await expect(page.getByRole("group", { name: "Power Apps Premium" }).getByRole("checkbox", { name: "Dataverse", exact: true })).toBeChecked();

  const name = page.getByRole("textbox", { name: "Name", exact: true });
  await name.fill(`  ${RENAMED} `);
  await page.getByRole("button", { name: "Save name" }).click();
  await expectToast(page, `Policy renamed “${RENAMED}”`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(RENAMED);

  const status = (name: string) => page.getByRole("radio", { name, exact: true });
  await expect(status("On")).toBeChecked();
  await status("Off").check();
  await expectToast(page, "Policy turned off");
  await expect(status("Off")).toBeChecked();

  await page.reload();
  await expect(names).toHaveText(["Power Apps per app", "Power Apps Premium"]);
  await expect(status("Off")).toBeChecked();

  await page.getByRole("link", { name: "Auto-claim policy", exact: true }).click();
  await expect(policyRow(page, RENAMED).getByRole("cell")).toHaveText([
    "Power Apps",
    /^Power Apps per app\s*then Power Apps Premium$/,
    /^\d+$/,
    "Off",
    "Managed environments",
  ]);
  await expect(policyRow(page, MAKERS)).toHaveCount(0);
});

test("widen its scope in Power Platform › Settings › Licenses", async ({ page, signIn }) => {
  await signIn("GLOBAL_ADMIN");
  await page.goto(PP_LICENSES);
  const form = page.getByTestId("policy-scope").filter({ has: page.getByRole("group", { name: RENAMED }) });
  await expect(form.getByRole("radio", { name: "Managed environments" })).toBeChecked();
  await form.getByRole("radio", { name: "All environments" }).check();
  await form.getByRole("button", { name: /^Save/ }).click();
  await expectToast(page, `“${RENAMED}” now applies to all environments`);
  await page.reload();
  await expect(form.getByRole("radio", { name: "All environments" })).toBeChecked();

  await openPolicyList(page);
  await policyRow(page, RENAMED).getByRole("link").click();
  await expect(page.getByTestId("policy-scope")).toHaveText("All environments");
});

test("delete it", async ({ page, signIn }) => {
  await signIn("GLOBAL_ADMIN");
  await deletePolicy(page, RENAMED);
  await page.goto(PP_LICENSES);
  await expect(page.getByRole("group", { name: RENAMED })).toHaveCount(0);
});

test("a Power Automate policy with a service plan switched off: create, check, delete", async ({ page, signIn }) => {
  await signIn("GLOBAL_ADMIN");
  const name = "Flow makers";

  await openPolicyList(page);
  await page.getByRole("link", { name: "Add a policy" }).click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await next(page, "Set an auto-claim app and product");
  await page.getByLabel("Auto-claim app", { exact: true }).selectOption({ label: "Power Automate" });
  await page.getByLabel("Primary product", { exact: true }).selectOption({ index: 1 });
  // The seed has one standalone Power Automate product: there is nothing to add as a backup, and the button says why.
  await expect(page.getByRole("button", { name: "Add a backup product" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Add a backup product" })).toHaveAccessibleDescription(
    "No other standalone Power Automate product exists to add as a backup.",
  );
  await next(page, "Select apps");
  await page
    .getByRole("group", { name: /^Power Automate Premium/ })
    .getByRole("checkbox", { name: "Power Automate RPA attended" })
    .uncheck();
  await next(page, "Review and finish");
  await expect(page.getByTestId("review")).toContainText("(off: Power Automate RPA attended)");
  await page.getByRole("button", { name: "Create policy" }).click();
  await expectToast(page, `Policy “${name}” created`);
  await page.getByRole("link", { name: "View policy" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("group", { name: "Power Automate Premium" }).getByRole("checkbox", { name: "Power Automate RPA attended" })).not.toBeChecked();
  await expect(page.getByRole("group", { name: "Power Automate Premium" }).getByRole("checkbox", { name: "Power Automate per user" })).toBeChecked();

  await openPolicyList(page);
  await expect(policyRow(page, name).getByRole("cell")).toHaveText(["Power Automate", "Power Automate Premium", /^\d+$/, "On", "All environments"]);
  await deletePolicy(page, name);
});
