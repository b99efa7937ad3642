/**
 * Reclaim in report only (SPEC §8.3), on the spec's own seeded tenant: the seed's auto-created policy
 * has a rule on, in report only, and three claimers who stopped opening Power Apps 40 days ago — the
 * dry run lists them with when they would be released and what that saves; a number out of range is
 * refused beside its field; a person put on the allowlist leaves the list. A Reports reader sees the
 * page read-only.
 */
import { LAPSED } from "../../prisma/seed/contoso";
import { expect, test } from "./fixtures";
import { premiumPool } from "./pool";

test("the admin reads the dry run of the seeded rule in report only and refines it", async ({ page, signIn, context, tenant, serverDb }) => {
  const db = serverDb();
  const { policy } = await premiumPool(db, tenant);
  await signIn("GLOBAL_ADMIN");
  await page.goto(`/billing/licenses/auto-claim/${policy.id}`);
  await page.getByRole("link", { name: "Reclaim unused licenses" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Reclaim unused licenses");
  await expect(page.getByRole("region", { name: "Rule", exact: true })).toContainText("Report only");
  const rows = page.getByTestId("dry-run-row");
  await expect(rows).toHaveCount(LAPSED);
  await expect(page.getByRole("checkbox", { name: /Release auto-claimed licenses that go unused/ })).toBeChecked();

  await page.getByLabel("Release after (days without a covered launch)").fill("3");
  await page.getByRole("button", { name: "Save rule" }).click();
  await expect(page.getByTestId("error-inactivityDays")).toHaveText(/Enter a whole number of days from 7 to 365\./);

  await page.getByLabel("Release after (days without a covered launch)").fill("30");
  await page.getByLabel("Most released in one run (% of purchased units)").fill("100");
  await page.getByRole("button", { name: "Save rule" }).click();
  await expect(page.getByText("Reclaim rule saved: report only until you switch it to enforce")).toBeVisible();
  await expect(page.getByRole("region", { name: "Rule", exact: true })).toContainText("Report only");
  await expect(rows).toHaveCount(LAPSED);
  const before = LAPSED;
  await expect(page.getByTestId("dry-run")).toContainText(/\d+ licenses? \(Power Apps Premium \d+\)/);
  await expect(rows.first()).toContainText("Power Apps Premium");

  // The first person on the list goes on the allowlist and leaves the dry run.
  const upn = (await rows.first().locator("th span").last().textContent())!.trim();
  await page.getByLabel("People never reclaimed from").fill(upn);
  await page.getByRole("button", { name: "Save rule" }).click();
  await expect(page.getByText("Reclaim rule saved")).toBeVisible();
  await expect(rows).toHaveCount(before - 1);
  await expect(page.getByTestId("dry-run")).not.toContainText(upn);
  await expect(page.getByTestId("dry-run-skipped")).toContainText("1 on the allowlist");

  await context.clearCookies();
  await signIn("REPORTS_READER");
  await page.goto(`/billing/licenses/auto-claim/${policy.id}/reclaim`);
  await expect(page.getByRole("button", { name: "Save rule" })).toBeDisabled();
  await expect(rows).toHaveCount(before - 1);
});
