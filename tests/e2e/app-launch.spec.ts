/**
 * The demo app-launch page (SPEC §3, §5), on the spec's own seeded tenant: it relies on the seed's
 * "Auto-Created Policy for PowerApps" (Power Apps Premium, managed environments only) and on its
 * newcomers, who hold no Power Apps licence. The seed leaves the pool used up with people waiting:
 * the first test buys units for them and 3 more. The tests run in file order: the first newcomer's
 * claim leaves 2 units for the last test to use up.
 */
import { expect, signInDirectly, test, type SeededTenant } from "./fixtures";
import { buyPremium } from "./pool";

/** prisma/seed/contoso.ts: the last people of PEOPLE (NEWCOMERS) have never launched a premium app. */
const newcomers = (tenant: SeededTenant) =>
  ["camille.laurent", "zoe.fischer", "yara.nasser", "william.chen", "valentina.greco", "umar.farouk"].map((n) => tenant.upn(n));

test("a user with no licence launches a premium app in the managed environment and gets one", async ({ page, tenant, serverDb }) => {
  await buyPremium(serverDb(), tenant, 3);
  await signInDirectly(page, newcomers(tenant)[0]);
  await page.goto("/launch");
  await expect(page.getByRole("heading", { name: "App launch (demo)" })).toBeVisible();
  const card = page.getByTestId("app-Field Service Inspections");
  await expect(card.getByText("Premium")).toBeVisible();
  await expect(card.getByText("Contoso Production · Managed")).toBeVisible();
  await expect(page.getByRole("list", { name: "Licenses held" })).not.toContainText("Power Apps Premium");

  await page.getByRole("button", { name: "Launch Field Service Inspections" }).click();
  await expect(page).toHaveURL(/\/launch\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Field Service Inspections" })).toBeVisible();
  await expect(page.getByText("Running", { exact: true })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText(
    'A Power Apps Premium license was assigned to you automatically by the policy "Auto-Created Policy for PowerApps".',
  );

  // Back on the list, the licence shows with its provenance; launching again needs no new claim.
  await page.getByRole("link", { name: "Back to apps" }).click();
  await expect(page.getByRole("list", { name: "Licenses held" })).toContainText("Power Apps Premium — Auto-claimed by “Auto-Created Policy for PowerApps”");
  await page.getByRole("button", { name: "Launch Expense Approvals" }).click();
  await expect(page.getByText("You already have a Power Apps license.")).toBeVisible();
});

test("a premium app in a standard environment is out of the managed-only policy's scope", async ({ page, tenant }) => {
  await signInDirectly(page, newcomers(tenant)[1]);
  await page.goto("/launch");
  await page.getByRole("button", { name: "Launch Sales Pipeline" }).click();
  await expect(page.getByRole("heading", { name: "You can't open Sales Pipeline yet" })).toBeVisible();
  await expect(page.getByTestId("refusal-reason")).toContainText("Auto-claim applies only in managed environments");
});

test("when the pool is empty the refusal says so, and Request a license reaches the admins", async ({ page, context, tenant }) => {
  let refusedAs: string | null = null;
  for (const upn of newcomers(tenant).slice(1)) {
    await context.clearCookies();
    await signInDirectly(page, upn);
    await page.goto("/launch");
    await page.getByRole("button", { name: "Launch Customer Onboarding" }).click();
    await expect(page).toHaveURL(/\/launch\/[0-9a-f-]{36}$/);
    if (await page.getByRole("heading", { name: /You can't open/ }).isVisible()) {
      refusedAs = upn;
      break;
    }
    await expect(page.getByText("Running", { exact: true })).toBeVisible();
  }
  expect(refusedAs, "the 3 units left ran out before the newcomers did").not.toBeNull();
  await expect(page.getByTestId("refusal-reason")).toHaveText("Your organization has no Power Apps Premium licenses left. Your administrators have been told.");
  await expect(page.getByText("Reason code: NO_LICENSES_AVAILABLE")).toBeVisible();

  await page.getByLabel("Message to your administrators (optional)").fill("I inspect sites on Mondays.");
  await page.getByRole("button", { name: "Request a license" }).click();
  await expect(page.getByRole("status")).toContainText("Your request was sent to your administrators");
  await page.reload();
  // Pending: said with its day, and no second request offered.
  const today = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date());
  await expect(page.getByRole("status")).toHaveText(`You asked on ${today}; an admin will answer.`);
  await expect(page.getByRole("button", { name: "Request a license" })).toHaveCount(0);
  await page.getByRole("link", { name: "Back to apps" }).click();
  await expect(page.getByRole("region", { name: "License requests" })).toContainText("Pending");

  // The admin center shows the empty pool at once.
  await context.clearCookies();
  await signInDirectly(page, tenant.accounts.GLOBAL_ADMIN);
  await page.goto("/");
  await expect(page.getByTestId("product-POWERAPPS_PER_USER")).toContainText("No licenses left");
  await expect(page.getByTestId("unmet-demand")).not.toHaveText("0");
});
