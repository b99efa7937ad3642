/**
 * Reclaim, enforced (SPEC §8.3), on the spec's own seeded tenant: the admin turns on the rule of the
 * auto-created policy in report only, reads the dry run and the day's run (nobody told), switches to
 * enforce and runs it now — the background worker performs it; one person sees the notice on App
 * launch and keeps the licence; the other does not, and after the notice period (shortened here by
 * back-dating that person's notice in the database) the next run releases it and tells them.
 */
import type { Page } from "@playwright/test";
import { expect, signInDirectly, test } from "./fixtures";
import { premiumPool } from "./pool";

const DAY = 86_400_000;

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
  const { policy } = await premiumPool(db, tenant);
  // Two of the policy's claimers stopped using it 40 days ago (the seed's people all launch often).
  const idle = await db.licenseAssignment.findMany({
    where: { policyId: policy.id, source: "AUTO_CLAIM" },
    orderBy: { userId: "asc" },
    take: 2,
    select: { id: true, userId: true, user: { select: { userPrincipalName: true } } },
  });
  const longAgo = new Date(Date.now() - 40 * DAY);
  for (const a of idle) {
    await db.licenseAssignment.update({ where: { id: a.id }, data: { assignedAt: longAgo } });
    await db.launch.updateMany({ where: { userId: a.userId, createdAt: { gt: longAgo } }, data: { createdAt: longAgo } });
  }
  const [keeper, loser] = idle;

  await signIn("GLOBAL_ADMIN");
  await page.goto(`/billing/licenses/auto-claim/${policy.id}/reclaim`);
  await page.getByRole("checkbox", { name: /Release auto-claimed licenses that go unused/ }).check();
  await page.getByLabel("Most released in one run (% of purchased units)").fill("100");
  await page.getByRole("button", { name: "Save rule" }).click();
  await expect(page.getByText("Reclaim rule saved: report only until you switch it to enforce")).toBeVisible();
  await expect(page.getByTestId("dry-run-row")).toHaveCount(2);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the dry run (CSV)" }).click();
  expect((await download).suggestedFilename()).toMatch(/^reclaim-dry-run-.+\.csv$/);

  // The day's run happens by itself, in report only: it counts, and tells nobody.
  await expectNewestRun(page, { trigger: "Daily", mode: "Report only", candidates: 2, notices: 0, released: 0 });
  expect(await db.reclaimNotice.count({ where: { policyId: policy.id } })).toBe(0);

  await page.getByRole("button", { name: "Switch to enforce" }).click();
  await expect(page.getByText("Enforcing: the next run tells the holders of unused licenses")).toBeVisible();
  await expect(page.getByRole("region", { name: "Rule" })).toContainText("Enforce");
  await page.getByRole("button", { name: "Run now" }).click();
  await expect(page.getByText("Run requested: it starts within a few seconds")).toBeVisible();
  await expectNewestRun(page, { trigger: "Run now", mode: "Enforce", candidates: 2, notices: 2, released: 0 });

  // The first person reads the notice on App launch and keeps the licence.
  await context.clearCookies();
  await signInDirectly(page, keeper.user.userPrincipalName);
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
  await signInDirectly(page, loser.user.userPrincipalName);
  await page.goto("/launch");
  await expect(page.getByTestId("personal-notification").first()).toContainText("Your Power Apps Premium license was released");
  await expect(page.getByTestId("reclaim-notice")).toHaveCount(0);
});
