/**
 * The waiting list (SPEC §8.1), on the spec's own seeded tenant: Power Apps Premium is used up and
 * three people already wait (the seed). A newcomer's launch is refused and says their place in line;
 * the admin sees them on the policy's waiting list, buys units on the product's page for everyone
 * waiting and one spare; the newcomer's next visit to /launch shows the licence arrived, auto-claimed
 * by the policy, with a notification saying so; and the admin's bell tells that the pool has
 * licenses again.
 */
import { expect, signInDirectly, test } from "./fixtures";
import { premiumPool } from "./pool";

test("a refused user is told their place in line and gets the licence when the admin adds units", async ({ page, context, tenant, serverDb, signIn }) => {
  test.setTimeout(90_000);
  const { product: premium, policy, waiting } = await premiumPool(serverDb(), tenant);
  expect(premium.consumedUnits, "the seed uses the pool up").toBe(premium.purchasedUnits);

  const newcomer = tenant.upn("umar.farouk");
  await signInDirectly(page, newcomer);
  await page.goto("/launch");
  await page.getByRole("button", { name: "Launch Field Service Inspections" }).click();
  await expect(page.getByRole("heading", { name: /You can't open Field Service Inspections/ })).toBeVisible();
  const place = waiting + 1;
  await expect(page.getByTestId("waitlist-position")).toHaveText(
    `You're number ${place} in line for Power Apps Premium. You'll get it automatically as soon as one is free.`,
  );

  await context.clearCookies();
  await signIn("GLOBAL_ADMIN");
  await page.goto(`/billing/licenses/auto-claim/${policy.id}`);
  await expect(page.getByTestId("waitlist-row")).toHaveCount(place);
  await expect(page.getByTestId("waitlist-row").last()).toContainText(newcomer);
  // The bell already tells the admin the pool is used up (the seed's claims raised the alert).
  const bell = page.getByTestId("notification-bell");
  await bell.click();
  const panel = page.getByRole("region", { name: "Your notifications" });
  await expect(panel).toContainText("Power Apps Premium has no licenses left");
  await panel.getByRole("button", { name: "Mark all as read" }).click();
  await expect(bell).toHaveAccessibleName("Notifications");
  await page.keyboard.press("Escape");

  await page.goto(`/billing/licenses/products/${premium.id}`);
  await page.getByRole("spinbutton", { name: "Purchased units" }).fill(String(premium.consumedUnits + place + 1));
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("purchased")).toHaveText(String(premium.consumedUnits + place + 1));
  await page.goto(`/billing/licenses/auto-claim/${policy.id}`);
  await expect(page.getByTestId("waitlist")).toContainText("Nobody is waiting");
  // One unit is left after serving everyone: the bell says the pool has licenses again.
  await expect(bell).toHaveAccessibleName(/Notifications, \d+ unread/);
  await bell.click();
  await expect(panel.getByTestId("notification").first()).toContainText("Power Apps Premium has licenses again");
  await expect(panel.getByTestId("notification").first()).toContainText("(unread)");

  await context.clearCookies();
  await signInDirectly(page, newcomer);
  await page.goto("/launch");
  await expect(page.getByRole("list", { name: "Licenses held" })).toContainText("Power Apps Premium — Auto-claimed by “Auto-Created Policy for PowerApps”");
  await expect(page.getByTestId("personal-notification").first()).toContainText("Your Power Apps Premium license is ready");
  await page.getByRole("button", { name: "Launch Field Service Inspections" }).click();
  await expect(page.getByText("You already have a Power Apps license.")).toBeVisible();
});
