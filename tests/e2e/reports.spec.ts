/**
 * The policy report and the tidy-up (SPEC §5): ranges, search, Export CSV matching the table, Move
 * to group… keeping the consumed count, Unassign license freeing one unit, and the audit log.
 *
 * On the spec's own seeded tenant. It reaches the seeded policy through its audit entry
 * ("policy.autoCreated", the oldest), whose report lists the licences it assigned even once the
 * policy is deleted, and it reads counts before and after each step instead of assuming them.
 */
import fs from "node:fs/promises";
import { parse } from "csv-parse/sync";
import type { Page } from "@playwright/test";
import { expect, signInDirectly, test } from "./fixtures";

const GROUP = "Power Apps Makers";

async function openSeededPolicyReport(page: Page) {
  await page.goto("/audit?action=policy.autoCreated");
  const rows = page.getByTestId("audit-row");
  await expect(rows.first()).toBeVisible();
  await rows.last().getByRole("link", { name: "View report" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Auto-claim report");
  return page.url().replace(/\?.*$/, "");
}

const totalOf = async (page: Page) => Number((await page.getByTestId("report-total").innerText()).replace(/[^\d].*$/s, "").replace(/,/g, ""));

async function consumedPremium(page: Page): Promise<number> {
  await page.goto("/");
  return Number((await page.getByTestId("product-POWERAPPS_PER_USER").getByTestId("consumed").innerText()).replace(/,/g, ""));
}

async function tableRows(page: Page): Promise<string[][]> {
  return page
    .getByTestId("report-row")
    .evaluateAll((rows) =>
      rows.map((row) =>
        ["user", "upn", "product", "assignedAt", "app", "environment"].map((col) => (row.querySelector(`[data-col="${col}"]`)?.textContent ?? "").trim()),
      ),
    );
}

test("the admin reads the report, exports it, moves three people to a group and unassigns one more; the audit log lists each step", async ({
  page,
  signIn,
  tenant,
}) => {
  test.setTimeout(90_000);
  await signIn("GLOBAL_ADMIN");
  const report = await openSeededPolicyReport(page);

  // Ranges: 90 days by default; 7 days is a subset, all time a superset.
  const ranges = page.getByRole("navigation", { name: "Date range" });
  await expect(ranges.getByRole("link", { name: "Last 90 days" })).toHaveAttribute("aria-current", "page");
  const total90 = await totalOf(page);
  expect(total90).toBeGreaterThanOrEqual(4);
  await expect(page.getByTestId("claims-chart")).toContainText("Claims per day");
  await ranges.getByRole("link", { name: "Last 7 days" }).click();
  await expect(page).toHaveURL(/range=7/);
  await expect(ranges.getByRole("link", { name: "Last 7 days" })).toHaveAttribute("aria-current", "page");
  expect(await totalOf(page)).toBeLessThanOrEqual(total90);
  await ranges.getByRole("link", { name: "All time" }).click();
  await expect(page).toHaveURL(/range=all/);
  expect(await totalOf(page)).toBeGreaterThanOrEqual(total90);
  await ranges.getByRole("link", { name: "Last 90 days" }).click();
  await expect(page).not.toHaveURL(/range=/);

  // Search by one person's UPN.
  const [firstRow] = await tableRows(page);
  await page.getByLabel("Search by name or user principal name").fill(firstRow[1]);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.getByTestId("report-total")).toContainText(`matching “${firstRow[1]}”`);
  const found = await tableRows(page);
  expect(found.length).toBeGreaterThanOrEqual(1);
  for (const row of found) expect(row[1]).toBe(firstRow[1]);
  await page.getByRole("link", { name: "Clear search" }).click();
  await expect(page.getByTestId("report-total")).not.toContainText("matching");

  // Sorting by user puts the names in order.
  await page.getByRole("columnheader", { name: "User", exact: true }).getByRole("link").click();
  await expect(page.getByRole("columnheader", { name: "User", exact: true })).toHaveAttribute("aria-sort", "ascending");
  const names = (await tableRows(page)).map((r) => r[0]);
  expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));

  // Export CSV: the file is the table (the 90-day report fits on one page).
  await page.goto(report);
  const table = await tableRows(page);
  expect(table.length).toBe(total90);
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^auto-claim-report-.+-90-days-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = await fs.readFile((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv: string[][] = parse(bytes.toString("utf8"), { bom: true });
  expect(csv[0]).toEqual(["User", "User principal name", "Product", "Assigned at (UTC)", "Triggering app", "Environment", "User object id", "SKU id"]);
  expect(csv.slice(1).map((r) => r.slice(0, 6))).toEqual(table);
  for (const r of csv.slice(1)) expect(r.slice(6)).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/), expect.stringMatching(/^[0-9a-f-]{36}$/)]);

  // Move three people to the group: their licence now comes through it; consumption unchanged.
  const consumedBefore = await consumedPremium(page);
  await page.goto(report);
  const moving = (await tableRows(page)).slice(0, 3);
  for (const [name] of moving) await page.getByRole("checkbox", { name: `Select ${name}` }).check();
  await expect(page.getByTestId("selection-status")).toHaveText("3 selected");
  await page.getByRole("button", { name: "Move to group…" }).click();
  const dialog = page.getByRole("dialog", { name: "Move to group" });
  await dialog.getByLabel("Group").selectOption({ label: GROUP });
  await dialog.getByRole("button", { name: "Move", exact: true }).click();
  await expect(dialog.getByTestId("bulk-summary")).toHaveText(`Moved 3 people to ${GROUP}. 0 skipped.`);
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();
  for (const [, upn] of moving) await expect(page.getByTestId("report-table")).not.toContainText(upn);

  for (const [name, upn] of moving) {
    await page.goto(`/users?q=${encodeURIComponent(upn)}`);
    const licences = page.getByRole("list", { name: `Licenses of ${name}` });
    await expect(licences).toContainText(`Power Apps Premium`);
    await expect(licences).toContainText(`Group — ${GROUP}`);
    await expect(licences).not.toContainText("Auto-claim");
  }
  expect(await consumedPremium(page)).toBe(consumedBefore);

  // Unassign one other person: the unit goes at once to the first person on the policy's waiting list (the seed's).
  await page.goto(report);
  const [[otherName, otherUpn]] = await tableRows(page);
  await page.getByRole("checkbox", { name: `Select ${otherName}` }).check();
  await page.getByRole("button", { name: "Unassign license" }).click();
  const confirm = page.getByRole("dialog", { name: "Unassign license" });
  await confirm.getByRole("button", { name: "Unassign 1 license" }).click();
  await expect(confirm.getByTestId("bulk-summary")).toHaveText("Unassigned 1 person. 0 skipped.");
  await confirm.getByRole("button", { name: "Close" }).click();
  await expect(page.getByTestId("report-table")).not.toContainText(otherUpn);
  expect(await consumedPremium(page)).toBe(consumedBefore);
  await page.goto(report);
  await expect(page.getByTestId("report-table")).toContainText(tenant.upn("chloe.martin"));

  // The audit log lists each step, by whom.
  await page.goto("/audit?action=license.movedToGroup");
  for (const [, upn] of moving) {
    const entry = page.getByTestId("audit-row").filter({ hasText: `${upn}: added to ${GROUP}` });
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText(tenant.accounts.GLOBAL_ADMIN);
    await expect(entry).toContainText("AUTO_CLAIM");
    await expect(entry).toContainText("GROUP");
  }
  await page.goto("/audit?action=license.unassigned");
  await expect(page.getByTestId("audit-row").filter({ hasText: `${otherUpn}: unassigned Power Apps Premium` })).toHaveCount(1);
});

test("a Reports reader reads and exports the report; the bulk changes are disabled", async ({ page, signIn }) => {
  await signIn("REPORTS_READER");
  await openSeededPolicyReport(page);
  const [[name]] = await tableRows(page);
  await page.getByRole("checkbox", { name: `Select ${name}` }).check();
  await expect(page.getByRole("button", { name: "Unassign license" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Move to group…" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Export commands" })).toBeEnabled();
  await expect(page.getByText("Reports readers can read and export.")).toBeVisible();

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  expect((await downloading).suggestedFilename()).toMatch(/\.csv$/);

  await page.getByRole("button", { name: "Export commands" }).click();
  const dialog = page.getByRole("dialog", { name: "Export commands" });
  await dialog.getByLabel("What the script does").selectOption({ label: `Add to ${GROUP}, then unassign the auto-claimed license` });
  const script = page.waitForEvent("download");
  await dialog.getByRole("button", { name: "Download .ps1" }).click();
  const file = await script;
  expect(file.suggestedFilename()).toMatch(/^move-to-group-.+\.ps1$/);
  const text = await fs.readFile((await file.path())!, "utf8");
  expect(text).toContain("New-MgGroupMember -GroupId $GroupId");
  expect(text).toContain("Set-MgUserLicense");
});

test("the admin approves one licence request and denies another with a message the requester sees", async ({ page, signIn, context }) => {
  await signIn("GLOBAL_ADMIN");
  await page.goto("/billing/licenses/requests");
  const pending = page.getByTestId("request").filter({ hasText: "Invoice Sync to SAP" });
  await expect(pending).toHaveCount(2);
  const approveUpn = (await pending.nth(0).locator("p").first().innerText()).split(/\s+/).pop()!;
  const denyUpn = (await pending.nth(1).locator("p").first().innerText()).split(/\s+/).pop()!;

  const first = page.getByTestId("request").filter({ hasText: approveUpn });
  await expect(first.getByLabel("License to assign")).toHaveValue(/.+/);
  await first.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("request").filter({ hasText: approveUpn })).toHaveCount(0);

  const second = page.getByTestId("request").filter({ hasText: denyUpn });
  await second.getByLabel(/^Message to /).fill("Please use the shared approval flow instead.");
  await second.getByRole("button", { name: "Deny" }).click();
  await expect(page.getByTestId("request").filter({ hasText: denyUpn })).toHaveCount(0);

  await page.getByRole("link", { name: /^Completed/ }).click();
  await expect(page.getByTestId("request").filter({ hasText: approveUpn })).toContainText("Approved");
  await expect(page.getByTestId("request").filter({ hasText: denyUpn })).toContainText("Denied");

  await page.goto(`/users?q=${encodeURIComponent(approveUpn)}`);
  await expect(page.getByTestId("user-row")).toContainText("Power Automate Premium");

  await context.clearCookies();
  await signInDirectly(page, denyUpn);
  await page.goto("/launch");
  await expect(page.getByRole("region", { name: "License requests" })).toContainText("Your administrator: “Please use the shared approval flow instead.”");
});

test("the report's page size: Rows per page 25, 50 or 100, kept in the links, and the report fits at 390 px", async ({ page, signIn }) => {
  await signIn("GLOBAL_ADMIN");
  const report = await openSeededPolicyReport(page);
  await page.goto(`${report}?range=all`);
  const total = await totalOf(page);
  const sizes = page.getByRole("navigation", { name: "Rows per page" });
  await expect(sizes.getByRole("link", { name: "50" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("report-row")).toHaveCount(Math.min(50, total));
  await sizes.getByRole("link", { name: "25" }).click();
  await expect(page).toHaveURL(/size=25/);
  await expect(sizes.getByRole("link", { name: "25" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("report-row")).toHaveCount(Math.min(25, total));
  if (total > 25) {
    await page.getByRole("link", { name: "Next" }).click();
    await expect(page).toHaveURL(/size=25/);
    await expect(page.getByTestId("report-row")).toHaveCount(Math.min(25, total - 25));
  }
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
