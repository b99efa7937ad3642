/**
 * Reclaim, enforced (SPEC §8.3), on the spec's own seeded tenant: the seed's auto-created policy has
 * its rule on in report only, with three claimers who stopped opening Power Apps 40 days ago. The
 * admin reads the dry run and the day's run (nobody told), switches to enforce and runs it now — the
 * background worker performs it; one person sees the notice on App launch and keeps the licence; the
 * next does not, and after the notice period (shortened here by back-dating that person's notice in
 * the database) the next run releases it and tells them; the report's Released view lists it.
 */
import type { Page } from "@playwright/test";
import { LAPSED } from "../../prisma/seed/contoso";
import { dryRun } from "../../src/server/domain/reclaim/service";
import { expect, signInDirectly, test } from "./fixtures";
import { premiumPool } from "./pool";

/** Reloads the Reclaim page until its newest run is done and reads as expected (the background worker performs it). */
async function expectNewestRun(page: Page, run: { trigger: string; mode: string; candidates: number; notices: number; released: number }) {
  await expect(async () => {
    await page.reload();
    const row = page.getByTestId("reclaim-run").first();
    await expect(row.getByRole("rowheader")).toContainText(run.trigger, { timeout: 1_000 });
    const cells = row.getByRole("cell");
    await expect(cells.nth(0)).toHaveText(run.mode, { timeout: 1_000 });
    await expect(cells.nth(1)).toContainText("Done", { timeout: 1_000 });
    await expect(cells.nth(2)).toHaveText(String(run.candidates), { timeout: 1_000 });
    await expect(cells.nth(3)).toHaveText(String(run.notices), { timeout: 1_000 });
    await expect(cells.nth(4)).toHaveText(String(run.released), { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
}

test("an enforced rule tells the idle holders, keeps the licence of the one who answers and releases the other's", async ({
  page,
  signIn,
  context,
  tenant,
  serverDb,
}) => {
  test.setTimeout(120_000);
  const db = serverDb();
  const { tenantId, policy } = await premiumPool(db, tenant);
  // The seed's lapsed claimers, longest unused first.
  const idle = (await dryRun(db, tenantId, policy.id, new Date())).rows.map((r) => ({ id: r.assignmentId, userId: r.userId, upn: r.userPrincipalName }));
  expect(idle).toHaveLength(LAPSED);
  const [keeper, loser] = idle;

  await signIn("GLOBAL_ADMIN");
  await page.goto(`/billing/licenses/auto-claim/${policy.id}/reclaim`);
  await expect(page.getByRole("region", { name: "Rule", exact: true })).toContainText("Report only");
  await expect(page.getByTestId("dry-run-row")).toHaveCount(LAPSED);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the dry run (CSV)" }).click();
  expect((await download).suggestedFilename()).toMatch(/^reclaim-dry-run-.+\.csv$/);

  // The day's run happens by itself, in report only: it counts, and tells nobody.
  await expectNewestRun(page, { trigger: "Daily", mode: "Report only", candidates: LAPSED, notices: 0, released: 0 });
  expect(await db.reclaimNotice.count({ where: { policyId: policy.id } })).toBe(0);

  await page.getByRole("button", { name: "Switch to enforce" }).click();
  await expect(page.getByText("Enforcing: the next run tells the holders of unused licenses")).toBeVisible();
  await expect(page.getByRole("region", { name: "Rule", exact: true })).toContainText("Enforce");
  await page.getByRole("button", { name: "Run now" }).click();
  await expect(page.getByText("Run requested: it starts within a few seconds")).toBeVisible();
  await expectNewestRun(page, { trigger: "Run now", mode: "Enforce", candidates: LAPSED, notices: LAPSED, released: 0 });

  // The first person reads the notice on App launch and keeps the licence.
  await context.clearCookies();
  await signInDirectly(page, keeper.upn);
  await page.goto("/launch");
  const notice = page.getByTestId("reclaim-notice");
  await expect(notice).toContainText(/Your Power Apps Premium license will be released on \w+ \d+ because you haven't used it since \w+ \d+\./);
  await notice.getByRole("button", { name: "Keep my Power Apps Premium license" }).click();
  await expect(page.getByText("Power Apps Premium is yours to keep")).toBeVisible();
  await expect(notice).toHaveCount(0);

  // The other does not answer; their notice period ends (back-dated here), and the next run releases it.
  await db.reclaimNotice.updateMany({ where: { userId: loser.userId, status: "OPEN" }, data: { releaseOn: new Date(Date.now() - 60_000) } });
  await context.clearCookies();
  await signIn("GLOBAL_ADMIN");
  await page.goto(`/billing/licenses/auto-claim/${policy.id}/reclaim`);
  await page.getByRole("button", { name: "Run now" }).click();
  await expect(page.getByText("Run requested: it starts within a few seconds")).toBeVisible();
  await expectNewestRun(page, { trigger: "Run now", mode: "Enforce", candidates: 0, notices: 0, released: 1 });
  await expect(page.getByTestId("reclaim-run").first()).toContainText(/\d+ in use/);
  expect(await db.licenseAssignment.count({ where: { id: loser.id } })).toBe(0);
  expect(await db.licenseAssignment.count({ where: { id: keeper.id } })).toBe(1);
  expect(await db.reclaimNotice.findFirstOrThrow({ where: { userId: loser.userId } })).toMatchObject({ status: "RELEASED" });

  await context.clearCookies();
  await signInDirectly(page, loser.upn);
  await page.goto("/launch");
  await expect(page.getByTestId("personal-notification").first()).toContainText("Your Power Apps Premium license was released");
  await expect(page.getByTestId("reclaim-notice")).toHaveCount(0);

  // The policy report's Released view lists the release; a reader sees it too.
  await context.clearCookies();
  await signIn("REPORTS_READER");
  await page.goto(`/billing/licenses/auto-claim/${policy.id}/report`);
  await page.getByRole("navigation", { name: "Show licenses" }).getByRole("link", { name: "Released" }).click();
  await expect(page.getByTestId("released-total")).toContainText("1 released");
  await expect(page.getByTestId("released-row")).toHaveCount(1);
  await expect(page.getByTestId("released-row")).toContainText(loser.upn);
  await expect(page.getByTestId("released-row")).toContainText("Power Apps Premium");
  await page.getByRole("searchbox").fill(keeper.upn);
  await page.getByRole("searchbox").press("Enter");
  await expect(page.getByText("No license of this policy was released in this range.")).toBeVisible();
});
