/**
 * The policy's license limit (SPEC §8.4), on the spec's own seeded tenant: the admin buys spare
 * Power Apps Premium units, then limits the auto-created policy to what it holds — a bad number is
 * refused beside the field. A newcomer's launch is refused in plain words although units are left,
 * and they wait; raising the limit by one gives them the licence at once.
 */
import { expectToast } from "./auto-claim-helpers";
import { expect, signInDirectly, test } from "./fixtures";
import { buyPremium, premiumPool } from "./pool";

test("a policy at its limit refuses and queues a newcomer; raising the limit serves them", async ({ page, context, tenant, serverDb, signIn }) => {
  test.setTimeout(90_000);
  await buyPremium(serverDb(), tenant, 5);
  const { policy } = await premiumPool(serverDb(), tenant);
  const held = await serverDb().licenseAssignment.count({ where: { policyId: policy.id, source: "AUTO_CLAIM", state: "ACTIVE" } });

  await signIn("GLOBAL_ADMIN");
  await page.goto(`/billing/licenses/auto-claim/${policy.id}`);
  const limit = page.getByRole("spinbutton", { name: "Maximum licenses held at once" });
  await expect(page.getByText(`Holds ${held} licenses now.`)).toBeVisible();
  await limit.fill("0");
  await page.getByRole("button", { name: "Save limit" }).click();
  await expect(page.getByText("Enter a whole number of licenses from 1 to 100,000, or leave it empty for no limit.")).toBeVisible();
  await expect(limit).toHaveAttribute("aria-invalid", "true");
  await limit.fill(String(held));
  await page.getByRole("button", { name: "Save limit" }).click();
  await expectToast(page, `This policy now holds at most ${held} licenses at once`);

  const newcomer = tenant.upn("umar.farouk");
  await context.clearCookies();
  await signInDirectly(page, newcomer);
  await page.goto("/launch");
  await page.getByRole("button", { name: "Launch Field Service Inspections" }).click();
  await expect(page.getByText("This app's policy has used all the licenses it may assign.")).toBeVisible();
  await expect(page.getByTestId("waitlist-position")).toContainText("You're number 1 in line for Power Apps Premium.");

  await context.clearCookies();
  await signIn("GLOBAL_ADMIN");
  await page.goto(`/billing/licenses/auto-claim/${policy.id}`);
  await expect(page.getByTestId("waitlist-row")).toHaveCount(1);
  await limit.fill(String(held + 1));
  await page.getByRole("button", { name: "Save limit" }).click();
  await expectToast(page, /1 person waiting got a license/);
  await expect(page.getByTestId("waitlist")).toContainText("Nobody is waiting");

  await context.clearCookies();
  await signInDirectly(page, newcomer);
  await page.goto("/launch");
  await expect(page.getByRole("list", { name: "Licenses held" })).toContainText("Power Apps Premium — Auto-claimed by “Auto-Created Policy for PowerApps”");
});
