/**
 * The auto-claim setting (turned off in Org settings, on again from the Auto-claim policy tab) and
 * Power Platform › Environments (managed / standard), on the spec's own seeded tenant: the setting
 * on, Contoso Production managed, Contoso Sandbox standard.
 */
import { expect, test } from "./fixtures";
import { ENVIRONMENTS, expectToast, LIST, ORG_SETTINGS, SETTING_LABEL } from "./auto-claim-helpers";

test("turn the setting off in Org settings, then on again with Turn on setting", async ({ page, signIn }) => {
  await signIn("GLOBAL_ADMIN");
  await page.goto(LIST);
  await expect(page.getByRole("heading", { level: 2, name: "Auto-claim policies" })).toBeVisible();

  await page.goto(ORG_SETTINGS);
  const box = page.getByRole("checkbox", { name: SETTING_LABEL });
  await expect(box).toBeChecked();
  await box.uncheck();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expectToast(page, "Auto-claim is off");
  await page.reload();
  await expect(page.getByRole("checkbox", { name: SETTING_LABEL })).not.toBeChecked();

  // Off: Home says so plainly, with the way to turn it on; the tab explains and offers the button; no list, no Add a policy.
  await page.goto("/");
  await expect(page.getByTestId("auto-claim-off-home")).toContainText("Auto-claim is off: nobody gets a license from an auto-claim policy");
  await page.getByRole("link", { name: "Turn it on from the Auto-claim policy tab" }).click();
  await expect(page).toHaveURL(/\/billing\/licenses\/auto-claim$/);
  await expect(page.getByRole("heading", { level: 2, name: "Auto-claim licenses" })).toBeVisible();
  await expect(page.getByTestId("auto-claim-off")).toContainText("Auto-claim is off");
  await expect(page.getByRole("table")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Add a policy" })).toHaveCount(0);

  await page.getByRole("button", { name: "Turn on setting" }).click();
  await expectToast(page, "Auto-claim is on");
  await expect(page.getByRole("heading", { level: 2, name: "Auto-claim policies" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Add a policy" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Turn on setting" })).toHaveCount(0);
  await page.goto("/");
  await expect(page.getByTestId("auto-claim-off-home")).toHaveCount(0);

  await page.goto(ORG_SETTINGS);
  await expect(page.getByRole("checkbox", { name: SETTING_LABEL })).toBeChecked();
});

test("make an environment managed, then standard again", async ({ page, signIn }) => {
  await signIn("GLOBAL_ADMIN");
  await page.goto(ENVIRONMENTS);
  await expect(page.getByRole("table", { name: "Power Platform environments" }).getByRole("columnheader")).toHaveText([
    "Name",
    "Region",
    "Type",
    "Apps",
    "Actions",
  ]);
  const sandbox = page.getByTestId("environment-row").filter({ hasText: "Contoso Sandbox" });
  await expect(sandbox.getByTestId("environment-type")).toHaveText("Standard");
  await expect(page.getByTestId("environment-row").filter({ hasText: "Contoso Production" }).getByTestId("environment-type")).toHaveText("Managed");

  await sandbox.getByRole("button", { name: "Make managed Contoso Sandbox" }).click();
  await expectToast(page, "Contoso Sandbox is now a managed environment");
  await expect(sandbox.getByTestId("environment-type")).toHaveText("Managed");

  await sandbox.getByRole("button", { name: "Make standard Contoso Sandbox" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Make standard" }).click();
  await expectToast(page, "Contoso Sandbox is now a standard environment");
  await expect(sandbox.getByTestId("environment-type")).toHaveText("Standard");
  await page.reload();
  await expect(sandbox.getByTestId("environment-type")).toHaveText("Standard");
});
