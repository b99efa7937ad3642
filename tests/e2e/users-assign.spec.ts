/**
 * Users › a person: Assign a license with its apps (service plans) switched on or off, as a group's
 * licence assignment offers them; the toast says what was done and no message stays behind after
 * the next action (Unassign). The Users page passes axe at 1400 px and 390 px, where its table
 * scrolls inside its own box, which keyboard users can focus.
 */
import { choose, expectAccessible, expectToast } from "./auto-claim-helpers";
import { expect, test } from "./fixtures";

const RPA_ATTENDED = "375cd0ad-c407-49fd-866a-0bff4f8a9a4d";

test("assign a product with one of its apps off, then unassign it", async ({ page, tenant, serverDb, signIn }) => {
  const db = serverDb();
  const person = await db.user.findUniqueOrThrow({ where: { userPrincipalName: tenant.upn("zoe.fischer") } });
  await signIn("GLOBAL_ADMIN");
  await page.goto(`/users?user=${person.id}`);
  const form = page.getByRole("form", { name: "Assign a license" });
  await choose(form.getByLabel("Product", { exact: true }), "Power Automate Premium");
  const plans = form.getByRole("group", { name: "Apps (service plans)" });
  await expect(plans.getByRole("checkbox")).not.toHaveCount(0);
  for (const box of await plans.getByRole("checkbox").all()) await expect(box).toBeChecked();
  await plans.getByRole("checkbox", { name: "Power Automate RPA attended" }).uncheck();
  await form.getByRole("button", { name: "Assign" }).click();
  await expectToast(page, `Power Automate Premium assigned to ${person.displayName}.`);

  const held = page.getByRole("list", { name: `Licenses of ${person.displayName}` });
  await expect(held).toContainText("Power Automate Premium");
  const assignment = await db.licenseAssignment.findFirstOrThrow({ where: { userId: person.id, product: { displayName: "Power Automate Premium" } } });
  expect(assignment).toMatchObject({ source: "DIRECT", disabledPlanIds: [RPA_ATTENDED] });

  for (const size of [
    { width: 1400, height: 900 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(size);
    await expectAccessible(page, `the Users page at ${size.width} px`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `the Users page fits at ${size.width} px`).toBeLessThanOrEqual(size.width);
    // The table scrolls in its own box when it is wider than the screen, and the keyboard can reach it.
    const box = page.getByRole("region", { name: "Users with their licenses and each license's source" });
    await expect(box).toHaveAttribute("tabindex", "0");
    if (size.width === 390) expect(await box.evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true);
  }
  await page.setViewportSize({ width: 1400, height: 900 });

  await page.getByRole("button", { name: "Unassign Power Automate Premium" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Unassign" }).click();
  await expectToast(page, `Unassigned Power Automate Premium from ${person.displayName}.`);
  await expect(held).not.toContainText("Power Automate Premium");
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "assigned to" })).toHaveCount(0, { timeout: 15_000 });
});

test("select several people and assign a product to all of them, then unassign it, with progress and a summary", async ({ page, tenant, serverDb, signIn }) => {
  const db = serverDb();
  await signIn("GLOBAL_ADMIN");
  await page.goto("/users?q=r");
  const rows = page.getByTestId("user-row");
  const names = (await rows.locator("th").allTextContents()).slice(0, 3).map((n) => n.trim());
  expect(names).toHaveLength(3);
  const bar = page.getByRole("form", { name: "Selected people" });
  await expect(bar.getByRole("button", { name: "Assign to selected" })).toBeDisabled();
  for (const name of names) await page.getByRole("checkbox", { name: `Select ${name}` }).check();
  await expect(page.getByTestId("users-selected")).toHaveText("3 people selected");
  const holders = async () =>
    db.licenseAssignment.count({
      where: { product: { displayName: "Power Automate Premium", tenant: { domain: tenant.domain } }, source: "DIRECT", user: { displayName: { in: names } } },
    });
  const before = await holders();

  await choose(bar.getByLabel("License", { exact: true }), "Power Automate Premium");
  await bar.getByRole("button", { name: "Assign to selected" }).click();
  await expect(page.getByTestId("users-bulk-summary")).toHaveText(
    new RegExp(`^Assigned Power Automate Premium to ${3 - before} (person|people)\\. ${before} skipped\\.$`),
  );
  expect(await holders()).toBe(3);
  for (const size of [
    { width: 1400, height: 900 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(size);
    await expectAccessible(page, `the Users page's bulk summary at ${size.width} px`);
  }
  await page.setViewportSize({ width: 1400, height: 900 });

  await bar.getByRole("button", { name: "Unassign from selected" }).click();
  await expect(page.getByTestId("users-bulk-summary")).toHaveText("Unassigned Power Automate Premium from 3 people. 0 skipped.");
  expect(await holders()).toBe(0);
});
