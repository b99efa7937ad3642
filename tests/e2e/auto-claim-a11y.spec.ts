/** axe-core finds no serious or critical violation on the auto-claim pages, each wizard step included. */
import { expect, test } from "./fixtures";
import {
  ENVIRONMENTS,
  expectAccessible,
  expectAccessibleAtWidths,
  expectToast,
  LIST,
  next,
  NEW,
  openPolicyList,
  ORG_SETTINGS,
  policyRow,
  PP_LICENSES,
  SETTING_LABEL,
} from "./auto-claim-helpers";

test("the Licenses tabs, the setting off and on, and the settings pages", async ({ page, signIn }) => {
  await signIn("GLOBAL_ADMIN");
  await page.goto("/billing/licenses");
  await expect(page.getByRole("heading", { level: 2, name: "Products" })).toBeVisible();
  await expectAccessible(page, "Billing › Licenses › Products");

  await openPolicyList(page);
  await expectAccessible(page, "the Auto-claim policy tab (setting on)");

  await page.goto(ORG_SETTINGS);
  await expectAccessibleAtWidths(page, "Org settings");
  await page.getByRole("checkbox", { name: SETTING_LABEL }).uncheck();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expectToast(page, "Auto-claim is off");
  await page.goto(LIST);
  await expect(page.getByRole("button", { name: "Turn on setting" })).toBeVisible();
  await expectAccessible(page, "the Auto-claim policy tab (setting off)");
  await page.getByRole("button", { name: "Turn on setting" }).click();
  await expectToast(page, "Auto-claim is on");

  await page.goto(ENVIRONMENTS);
  await expectAccessible(page, "Power Platform › Environments");
  await page.goto(PP_LICENSES);
  await expectAccessible(page, "Power Platform › Settings › Licenses");
});

test("each wizard step, its errors, the confirmation and the policy details", async ({ page, signIn }) => {
  await signIn("GLOBAL_ADMIN");
  const name = "Accessible flows";

  await page.goto(NEW);
  await expectAccessible(page, "wizard step 1");
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await expect(page.getByText("Enter a name for the policy.")).toBeVisible();
  await expectAccessible(page, "wizard step 1 with an error");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await next(page, "Set an auto-claim app and product");
  await expectAccessibleAtWidths(page, "wizard step 2");
  await page.getByLabel("Auto-claim app", { exact: true }).selectOption({ label: "Power Automate" });
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await expect(page.getByText("Select a product.")).toBeVisible();
  await expectAccessible(page, "wizard step 2 with an error");
  await page.getByLabel("Primary product", { exact: true }).selectOption({ index: 1 });
  await page.getByLabel("Add users to a group (optional)", { exact: true }).selectOption({ label: "Power Apps Makers" });
  await next(page, "Select apps");
  await expectAccessible(page, "wizard step 3");
  await next(page, "Review and finish");
  await expectAccessibleAtWidths(page, "wizard step 4");
  await page.getByRole("button", { name: "Create policy" }).click();
  await expect(page.getByRole("heading", { name: "Policy created" })).toBeVisible();
  await expectAccessible(page, "the confirmation");

  await page.getByRole("link", { name: "View policy" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expectAccessible(page, "policy details");
  await page.getByRole("button", { name: "Delete policy" }).click();
  await expect(page.getByRole("dialog", { name: "Delete this policy?" })).toBeVisible();
  await expectAccessible(page, "the delete dialog");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toBeHidden();

  await page.goto(PP_LICENSES);
  await expectAccessible(page, "Power Platform › Settings › Licenses with policies");
  await openPolicyList(page);
  await expect(policyRow(page, name)).toHaveCount(1);
  await expectAccessibleAtWidths(page, "the policy list with its Scope column");
});
