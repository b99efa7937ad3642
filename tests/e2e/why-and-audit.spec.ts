/**
 * "Why / why not" and the audit log in words (issue 16, items 3 and 6), on the spec's own seeded
 * tenant: the seed's auto-created policy (Power Apps Premium, managed environments only) with its
 * pool used up, and newcomers who hold no Power Apps licence. The why test runs first: the audit
 * test then gives the policy a backup product, which would serve the refused person.
 */
import type { Page } from "@playwright/test";
import { expect, test, type SeededTenant } from "./fixtures";
import { choose, expectAccessible, expectToast, openPolicyList, policyRow } from "./auto-claim-helpers";
import type { PrismaClient } from "@/generated/prisma/client";

const POLICY = "Auto-Created Policy for PowerApps";

async function idsOf(db: PrismaClient, tenant: SeededTenant, upn: string) {
  const { id: tenantId } = await db.tenant.findFirstOrThrow({ where: { domain: tenant.domain } });
  const user = await db.user.findFirstOrThrow({ where: { tenantId, userPrincipalName: upn } });
  const app = (name: string) => db.app.findFirstOrThrow({ where: { tenantId, name } }).then((a) => a.id);
  return { userId: user.id, onboarding: await app("Customer Onboarding"), pipeline: await app("Sales Pipeline") };
}

/** Both widths the console is checked at. */
async function accessibleAtBothWidths(page: Page, where: string) {
  for (const width of [1400, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page, `${where} at ${width} px`);
    // Tables scroll inside their card; the page itself never does.
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${where} fits ${width} px`).toBeLessThanOrEqual(width);
  }
  await page.setViewportSize({ width: 1400, height: 900 });
}

test("the why/why-not panel of a refused person lists the failing step", async ({ page, tenant, serverDb, auth, signIn }) => {
  const upn = tenant.upn("yara.nasser");
  const ids = await idsOf(serverDb(), tenant, upn);
  // The person launches a premium app in the managed environment: the pool is used up.
  const launched = await page.request.post("/api/v1/launches", { headers: auth, data: { user: upn, app: ids.onboarding } });
  expect(launched.status()).toBe(200);
  expect(await launched.json()).toMatchObject({ decision: "DENY", reason: "NO_LICENSES_AVAILABLE" });

  await signIn("GLOBAL_ADMIN");
  await page.goto(`/users?user=${ids.userId}`);
  await accessibleAtBothWidths(page, "the Users page with a person open");
  await page.getByRole("link", { name: "Why / why not and launches" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Yara Nasser" })).toBeVisible();

  // Now: the latest launch's app is explained first, every step passed until the used-up product.
  const panel = page.getByTestId("why-panel");
  await expect(panel.getByRole("heading", { name: "If Yara Nasser launched Customer Onboarding now" })).toBeVisible();
  const steps = panel.getByTestId("why-step");
  await expect(steps).toHaveText([
    /^Premium app/,
    /^Holds no standalone license/,
    /^Auto-claim on/,
    `Policy “${POLICY}” on✓(passed)`,
    /^Scope managed environments; this environment is managed/,
    /^Power Apps Premium: 0 of \d+ left/,
  ]);
  const failing = panel.locator('[data-testid="why-step"][data-mark="refused"]');
  await expect(failing).toHaveCount(1);
  await expect(failing).toHaveAttribute("data-decisive", "true");
  await expect(failing).toContainText(/Power Apps Premium: 0 of \d+ left/);
  await expect(panel.getByTestId("why-conclusion")).toHaveText(/refused, \d+(st|nd|rd|th) in the waiting list$/);

  // The launch row keeps the steps as decided then.
  const row = page.getByTestId("launch-row").first();
  await expect(row).toContainText("Customer Onboarding");
  await expect(row).toContainText("Refused");
  await expect(row.locator('[data-testid="why-step"][data-mark="refused"]')).toContainText(/Power Apps Premium: 0 of \d+ left/);
  await expect(row.getByTestId("why-conclusion")).toHaveText(/refused, put on the waiting list$/);
  await accessibleAtBothWidths(page, "a person's page");

  // Another app: a premium app in a standard environment stops at the managed-only scope.
  await page.getByLabel("App", { exact: true }).selectOption(ids.pipeline);
  await page.getByRole("button", { name: "Explain" }).click();
  await expect(panel.getByRole("heading", { name: "If Yara Nasser launched Sales Pipeline now" })).toBeVisible();
  await expect(panel.locator('[data-testid="why-step"][data-mark="refused"]')).toHaveText(/^Scope managed environments only; this environment is standard/);
  await expect(panel.getByTestId("why-conclusion")).toHaveText(/refused$/);
});

test("the audit entry of a product change reads in words", async ({ page, signIn }) => {
  await signIn("GLOBAL_ADMIN");
  await openPolicyList(page);
  await policyRow(page, POLICY).getByRole("link", { name: POLICY, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: POLICY })).toBeVisible();
  await choose(page.getByLabel("Backup product to add"), "Power Apps per app");
  await page.getByRole("button", { name: "Add a backup product" }).click();
  await expectToast(page, "Products saved");

  await page.goto("/audit");
  await page.getByLabel("Action", { exact: true }).selectOption({ label: "Policy changed" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/action=policy\.update/);
  const entry = page.getByTestId("audit-row").first();
  await expect(entry.getByTestId("audit-title")).toHaveText(`Changed the products of policy “${POLICY}”`);
  await expect(entry.getByTestId("audit-field").first()).toHaveText(
    /^Products:\s*Power Apps Premium\s*→\s*changed to\s*Power Apps Premium, then Power Apps per app$/,
  );
  // Names, not codes or JSON.
  await expect(page.getByTestId("audit-table")).not.toContainText(/POWERAPPS_PER_USER|MANAGED_ONLY|[{}]/);
  await accessibleAtBothWidths(page, "the audit log");

  // A From day after the To day: a message beside From, and entries still listed.
  await page.goto("/audit?from=2026-12-03&to=2026-12-01");
  await expect(page.getByTestId("audit-from-error")).toHaveText("From must be on or before To. Showing entries of every date.");
  await expect(page.getByLabel("From (UTC)")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("audit-row").first()).toBeVisible();
  await accessibleAtBothWidths(page, "the audit log with a bad date range");
});

test("a report row's Why opens the launch that claimed the license, with the steps it was decided by", async ({ page, tenant, serverDb, auth, signIn }) => {
  // The policy now has a backup product (the test above): a newcomer's launch claims it, the primary being used up.
  const upn = tenant.upn("william.chen");
  const ids = await idsOf(serverDb(), tenant, upn);
  const launched = await page.request.post("/api/v1/launches", { headers: auth, data: { user: upn, app: ids.onboarding } });
  expect(await launched.json()).toMatchObject({ decision: "ALLOW", reason: "AUTO_CLAIMED" });

  await signIn("GLOBAL_ADMIN");
  await openPolicyList(page);
  await policyRow(page, POLICY).getByRole("link", { name: POLICY, exact: true }).click();
  await page.getByRole("link", { name: "View report" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Auto-claim report");
  await accessibleAtBothWidths(page, "the policy report");
  await page.getByRole("link", { name: "Why William Chen got Power Apps per app" }).click();

  const asked = page.getByTestId("launch-asked");
  await expect(asked).toContainText("Customer Onboarding");
  // As the claim's locked read found it: the primary (named) had no unit left, the backup one.
  await expect(asked.getByTestId("why-step").filter({ hasText: "Power Apps Premium: none left" })).toHaveAttribute("data-mark", "failed");
  await expect(asked.getByTestId("why-step").last()).toHaveText(/Power Apps per app: a license left/);
  await expect(asked.getByTestId("why-conclusion")).toHaveText(/claimed Power Apps per app$/);
  await accessibleAtBothWidths(page, "a person's page with a launch asked about");
});
