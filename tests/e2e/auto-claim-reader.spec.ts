/**
 * A Reports reader sees every auto-claim page — the tab (setting on and off), the wizard, a policy's
 * details, Org settings, Environments, Power Platform › Settings › Licenses — with every control
 * disabled. (A direct call of each action answers 403: tests/actions/auto-claim-actions.db.test.ts.)
 */
import type { Page } from "@playwright/test";
import { expect, test, type DemoRole } from "./fixtures";
import {
  ENVIRONMENTS,
  expectEveryControlDisabled,
  expectToast,
  LIST,
  listedPolicies,
  NEW,
  ORG_SETTINGS,
  policyRow,
  PP_LICENSES,
  SETTING_LABEL,
} from "./auto-claim-helpers";

async function switchTo(page: Page, signIn: (role: DemoRole) => Promise<void>, role: DemoRole) {
  await page.context().clearCookies();
  await signIn(role);
}

test("a Reports reader sees the same pages with every control disabled", async ({ page, signIn }) => {
  // Set-up as the Global admin: the seeded policy to look at.
  await signIn("GLOBAL_ADMIN");
  const [name] = Object.keys(await listedPolicies(page));
  expect(name, "the seeded policy").toBeTruthy();

  await switchTo(page, signIn, "REPORTS_READER");
  await page.goto(LIST);
  await expect(page.getByTestId("read-only-notice")).toBeVisible();
  await expect(page.getByRole("button", { name: "Add a policy" })).toBeDisabled();
  await expect(page.getByRole("link", { name: "Add a policy" })).toHaveCount(0);
  await expectEveryControlDisabled(page, "the Auto-claim policy tab");

  await policyRow(page, name).getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  for (const status of ["On", "Report only", "Off"]) await expect(page.getByRole("radio", { name: status, exact: true })).toBeDisabled();
  await expect(page.getByRole("textbox", { name: "Name", exact: true })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Delete policy" })).toBeDisabled();
  await expect(page.getByRole("link", { name: "View report" })).toBeVisible();
  await expectEveryControlDisabled(page, "policy details");

  await page.goto(NEW);
  await expect(page.getByLabel("Name", { exact: true })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Next", exact: true })).toBeDisabled();
  await expectEveryControlDisabled(page, "the wizard");

  await page.goto(ORG_SETTINGS);
  await expect(page.getByRole("checkbox", { name: SETTING_LABEL })).toBeDisabled();
  await expectEveryControlDisabled(page, "Org settings");

  await page.goto(ENVIRONMENTS);
  await expect(page.getByRole("button", { name: /^Make (managed|standard)/ }).first()).toBeDisabled();
  await expectEveryControlDisabled(page, "Environments");

  await page.goto(PP_LICENSES);
  await expect(page.getByRole("radio", { name: "All environments" }).first()).toBeDisabled();
  await expectEveryControlDisabled(page, "Power Platform › Settings › Licenses");

  // With the setting off, "Turn on setting" is disabled too.
  await switchTo(page, signIn, "GLOBAL_ADMIN");
  await page.goto(ORG_SETTINGS);
  await page.getByRole("checkbox", { name: SETTING_LABEL }).uncheck();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expectToast(page, "Auto-claim is off");
  await switchTo(page, signIn, "REPORTS_READER");
  await page.goto(LIST);
  await expect(page.getByRole("button", { name: "Turn on setting" })).toBeDisabled();
  await expectEveryControlDisabled(page, "the Auto-claim policy tab (setting off)");
});
