/**
 * The add-a-policy wizard refuses, beside the field and before anything is written: an empty name,
 * a 65-character name, a name in use, a second policy for an app, no product, a 5th backup, zero
 * service plans. "Nothing written" is checked here through the list (the database itself in
 * tests/actions/auto-claim-actions.db.test.ts).
 */
import { expect, test } from "./fixtures";
import { draftOf, listedPolicies, LIST, NEW, next, wizardUrl } from "./auto-claim-helpers";
import type { Page } from "@playwright/test";

/** The field shows the message beside it: aria-invalid, and described by the message. */
async function expectFieldError(page: Page, fieldId: string, message: string | RegExp) {
  const field = page.locator(`#${fieldId}`);
  if ((await field.evaluate((e) => e.tagName)) !== "BUTTON") await expect(field).toHaveAttribute("aria-invalid", "true");
  const describedBy = (await field.getAttribute("aria-describedby")) ?? "";
  const error = page
    .locator(
      describedBy
        .split(" ")
        .map((id) => `#${id}`)
        .join(", "),
    )
    .filter({ hasText: message });
  await expect(error).toBeVisible();
}

test("every refusal is shown beside its field, and nothing is created", async ({ page, signIn }) => {
  await signIn("GLOBAL_ADMIN");
  // The seeded Power Apps policy to clash with; the seed has no Power Automate policy.
  const before = await listedPolicies(page);
  const existing = Object.entries(before).find(([, app]) => app === "Power Apps")?.[0] ?? "";
  expect(existing, "the seeded Power Apps policy").not.toBe("");
  expect(Object.values(before)).not.toContain("Power Automate");

  await page.goto(NEW);
  const name = page.getByLabel("Name", { exact: true });

  // Step 1: empty, 65 characters, in use (in another case).
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await expectFieldError(page, "policy-name", "Enter a name for the policy.");
  await expect(name).toBeFocused();
  await name.fill("x".repeat(65));
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await expectFieldError(page, "policy-name", "Use 64 characters or fewer.");
  await name.fill(` ${existing.toUpperCase()} `);
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await expectFieldError(page, "policy-name", `An auto-claim policy named “${existing}” already exists. Choose another name.`);
  await expect(page.getByRole("heading", { level: 2, name: "Name this auto-claim policy" })).toBeVisible();
  await name.fill("y".repeat(64));
  await next(page, "Set an auto-claim app and product");

  // Step 2: the app that has a policy; no app; no product.
  const app = page.getByLabel("Auto-claim app", { exact: true });
  await app.selectOption({ label: "Power Apps" });
  await expectFieldError(page, "policy-app", `A Power Apps auto-claim policy already exists: “${existing}”. Edit it or delete it first.`);
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await expectFieldError(page, "policy-app", `A Power Apps auto-claim policy already exists: “${existing}”.`);
  await app.selectOption({ label: "Select an app" });
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await expectFieldError(page, "policy-app", "Select an auto-claim app.");
  await app.selectOption({ label: "Power Automate" });
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await expectFieldError(page, "product-0", "Select a product.");
  await expect(page.getByLabel("Primary product", { exact: true })).toBeFocused();

  // A 5th backup: a draft with four backups (the seed has too few products to pick them by hand).
  await page.getByLabel("Primary product", { exact: true }).selectOption({ index: 1 });
  await expect.poll(() => draftOf(page.url()).products[0]?.productId).toBeTruthy();
  const draft = draftOf(page.url());
  const primary = draft.products[0];
  const fourBackups = { ...draft, products: [primary, ...Array.from({ length: 4 }, () => ({ productId: "", enabledPlanIds: [] }))] };
  await page.goto(wizardUrl(2, fourBackups));
  await expect(page.getByLabel("Backup product 4", { exact: true })).toBeVisible();
  // Full: Add a backup product is off, with the reason beside it.
  await expect(page.getByRole("button", { name: "Add a backup product" })).toBeDisabled();
  await expectFieldError(page, "add-backup", "A policy can have one primary product and at most 4 backup products.");
  await expect(page.getByLabel("Backup product 5", { exact: true })).toHaveCount(0);
  const fiveBackups = { ...draft, products: [primary, ...Array.from({ length: 5 }, () => ({ productId: "", enabledPlanIds: [] }))] };
  await page.goto(wizardUrl(4, fiveBackups));
  // A draft that is not valid up to the step asked for opens on the first step to fix.
  await expect(page.getByRole("heading", { level: 2, name: "Set an auto-claim app and product" })).toBeVisible();
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await expectFieldError(page, "add-backup", "A policy can have one primary product and at most 4 backup products.");

  // Zero service plans.
  await page.goto(wizardUrl(3, draft));
  await expect(page.getByRole("heading", { level: 2, name: "Select apps" })).toBeVisible();
  const plans = page.getByRole("group", { name: /^Power Automate Premium/ }).getByRole("checkbox");
  for (const box of await plans.all()) await box.uncheck();
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await expect(page.locator("#plans-0-0")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("group", { name: /^Power Automate Premium/ })).toHaveAccessibleDescription(/Select at least one app\./);
  await expect(page.locator("#plans-0-0")).toBeFocused();
  await expect(page.getByRole("heading", { level: 2, name: "Select apps" })).toBeVisible();

  // Nothing was created.
  await page.getByRole("link", { name: "Cancel" }).click();
  await expect(page).toHaveURL(new RegExp(`${LIST}$`));
  expect(await listedPolicies(page)).toEqual(before);
});
