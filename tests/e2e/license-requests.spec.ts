/**
 * Licence requests, on the spec's own seeded tenant (Power Apps Premium used up, people waiting):
 * a refused newcomer asks for a licence and is not offered a second request; the admin sees it
 * pending; units bought on the product's page serve the waiting list, and the request closes itself
 * as Already licensed — on the Requests tab and on the person's /launch page. Approve and Deny
 * confirm with a toast. axe stays clean on the pages touched, at 1400 px and 390 px.
 */
import { expectAccessible, expectToast } from "./auto-claim-helpers";
import { expect, signInDirectly, test, type SeededTenant } from "./fixtures";
import { buyPremium, premiumPool } from "./pool";
import type { PrismaClient } from "@/generated/prisma/client";
import { requestLicense } from "../../src/server/domain/requests/service";

const REQUESTS = "/billing/licenses/requests";
const today = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date());
const WIDE = { width: 1400, height: 900 };
const NARROW = { width: 390, height: 844 };

async function accessibleAtBothWidths(page: import("@playwright/test").Page, where: string) {
  for (const size of [WIDE, NARROW]) {
    await page.setViewportSize(size);
    await expectAccessible(page, `${where} at ${size.width} px`);
    // Nothing wider than the screen but what scrolls inside its own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${where} fits at ${size.width} px`).toBeLessThanOrEqual(size.width);
  }
  await page.setViewportSize(WIDE);
}

/** A refused launch of the person's and their request, made as the app launch page makes them. */
async function refusedAndAsked(db: PrismaClient, tenant: SeededTenant, name: string, message: string) {
  const { tenantId } = await premiumPool(db, tenant);
  const user = await db.user.findUniqueOrThrow({ where: { userPrincipalName: tenant.upn(name) } });
  const app = await db.app.findFirstOrThrow({ where: { tenantId, name: "Field Service Inspections" } });
  const launch = await db.launch.create({
    data: { tenantId, userId: user.id, appId: app.id, environmentId: app.environmentId, kind: "APP_LAUNCH", decision: "DENY", reason: "NO_LICENSES_AVAILABLE" },
  });
  await requestLicense(db, { tenantId, launchId: launch.id, message });
  return user;
}

test("a pending request closes itself when the person is served", async ({ page, context, tenant, serverDb, signIn }) => {
  test.setTimeout(120_000);
  const { product: premium, waiting } = await premiumPool(serverDb(), tenant);
  expect(premium.consumedUnits, "the seed uses the pool up").toBe(premium.purchasedUnits);

  const newcomer = tenant.upn("yara.nasser");
  await signInDirectly(page, newcomer);
  await page.goto("/launch");
  await page.getByRole("button", { name: "Launch Field Service Inspections" }).click();
  await expect(page.getByRole("heading", { name: /You can't open Field Service Inspections/ })).toBeVisible();
  await page.getByLabel("Message to your administrators (optional)").fill("I inspect sites every day.");
  await page.getByRole("button", { name: "Request a license" }).click();
  await expect(page.getByRole("status")).toContainText("Your request was sent to your administrators.");

  // Refused again: the pending request is said, not offered a second time.
  await page.goto("/launch");
  await page.getByRole("button", { name: "Launch Field Service Inspections" }).click();
  await expect(page.getByRole("heading", { name: /You can't open Field Service Inspections/ })).toBeVisible();
  await expect(page.getByTestId("pending-request")).toHaveText(`You asked on ${today}; an admin will answer.`);
  await expect(page.getByRole("button", { name: "Request a license" })).toHaveCount(0);
  await accessibleAtBothWidths(page, "the refusal page with a pending request");
  await page.goto("/launch");
  await accessibleAtBothWidths(page, "/launch");

  await context.clearCookies();
  await signIn("GLOBAL_ADMIN");
  await page.goto(REQUESTS);
  const pending = page.getByTestId("request").filter({ hasText: newcomer });
  await expect(pending).toHaveCount(1);
  await expect(pending).toContainText("I inspect sites every day.");
  await accessibleAtBothWidths(page, "the pending requests");

  // Units bought on the product's page serve the waiting list — the newcomer among them.
  await page.goto(`/billing/licenses/products/${premium.id}`);
  const units = premium.consumedUnits + waiting + 1;
  await page.getByRole("spinbutton", { name: "Purchased units" }).fill(String(units));
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("purchased")).toHaveText(String(units));

  await page.goto(REQUESTS);
  await expect(page.getByTestId("request").filter({ hasText: newcomer })).toHaveCount(0);
  await page.getByRole("link", { name: /^Completed/ }).click();
  const closed = page.getByTestId("request").filter({ hasText: newcomer });
  await expect(closed).toContainText("Already licensed");
  await expect(closed).toContainText("Power Apps Premium");
  await expect(closed).toContainText("closed by itself");
  await accessibleAtBothWidths(page, "the completed requests");

  await context.clearCookies();
  await signInDirectly(page, newcomer);
  await page.goto("/launch");
  await expect(page.getByRole("list", { name: "Licenses held" })).toContainText("Power Apps Premium");
  await expect(page.getByRole("region", { name: "License requests" })).toContainText("Already licensed");
  await expect(page.getByTestId("personal-notification").first()).toContainText("Your Power Apps Premium license is ready");
});

test("approve and deny confirm with a toast", async ({ page, tenant, serverDb, signIn }) => {
  const db = serverDb();
  await buyPremium(db, tenant, 1);
  const approved = await refusedAndAsked(db, tenant, "william.chen", "Site visits");
  const denied = await refusedAndAsked(db, tenant, "valentina.greco", "Just curious");

  await signIn("GLOBAL_ADMIN");
  await page.goto(REQUESTS);
  const approving = page.getByTestId("request").filter({ hasText: approved.userPrincipalName });
  await approving.getByLabel(`Message to ${approved.displayName} (optional)`).fill("Enjoy");
  await approving.getByRole("button", { name: "Approve" }).click();
  await expectToast(page, `Approved: Power Apps Premium assigned to ${approved.displayName}.`);
  await expect(page.getByTestId("request").filter({ hasText: approved.userPrincipalName })).toHaveCount(0);

  await page.getByTestId("request").filter({ hasText: denied.userPrincipalName }).getByRole("button", { name: "Deny" }).click();
  await expectToast(page, `Denied ${denied.displayName}'s request.`);
  await expect(page.getByTestId("request").filter({ hasText: denied.userPrincipalName })).toHaveCount(0);
  await expectAccessible(page, "the requests after two decisions");
});
