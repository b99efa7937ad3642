/**
 * The waiting list (SPEC §8.1), on the spec's own seeded tenant: with Power Apps Premium used up, a
 * newcomer's launch is refused and says their place in line; the admin sees them on the policy's
 * waiting list, raises purchased units on the product's page, and the newcomer's next visit to
 * /launch shows the licence arrived, auto-claimed by the policy.
 */
import { expect, signInDirectly, test } from "./fixtures";

test("a refused user is told their place in line and gets the licence when the admin adds a unit", async ({ page, context, tenant, serverDb, signIn }) => {
  test.setTimeout(90_000);
  const db = serverDb();
  const { id: tenantId } = await db.tenant.findFirstOrThrow({ where: { domain: tenant.domain } });
  const premium = await db.product.findFirstOrThrow({ where: { tenantId, displayName: "Power Apps Premium" } });
  // Every unit taken: purchased down to consumed.
  await db.product.update({ where: { id: premium.id }, data: { purchasedUnits: premium.consumedUnits } });
  const policy = await db.autoClaimPolicy.findFirstOrThrow({ where: { tenantId, app: "POWER_APPS", deletedAt: null } });

  const newcomer = tenant.upn("umar.farouk");
  await signInDirectly(page, newcomer);
  await page.goto("/launch");
  await page.getByRole("button", { name: "Launch Field Service Inspections" }).click();
  await expect(page.getByRole("heading", { name: /You can't open Field Service Inspections/ })).toBeVisible();
  await expect(page.getByTestId("waitlist-position")).toHaveText(
    "You're number 1 in line for Power Apps Premium. You'll get it automatically as soon as one is free.",
  );

  await context.clearCookies();
  await signIn("GLOBAL_ADMIN");
  await page.goto(`/billing/licenses/auto-claim/${policy.id}`);
  await expect(page.getByTestId("waitlist-row")).toHaveCount(1);
  await expect(page.getByTestId("waitlist-row")).toContainText(newcomer);
  await page.goto(`/billing/licenses/products/${premium.id}`);
  await page.getByRole("spinbutton", { name: "Purchased units" }).fill(String(premium.consumedUnits + 1));
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("purchased")).toHaveText(String(premium.consumedUnits + 1));
  await page.goto(`/billing/licenses/auto-claim/${policy.id}`);
  await expect(page.getByTestId("waitlist")).toContainText("Nobody is waiting");

  await context.clearCookies();
  await signInDirectly(page, newcomer);
  await page.goto("/launch");
  await expect(page.getByRole("list", { name: "Licenses held" })).toContainText("Power Apps Premium — Auto-claimed by “Auto-Created Policy for PowerApps”");
  await page.getByRole("button", { name: "Launch Field Service Inspections" }).click();
  await expect(page.getByText("You already have a Power Apps license.")).toBeVisible();
});
