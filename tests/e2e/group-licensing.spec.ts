/**
 * Group-based licensing on the Groups page (SPEC §9): the admin assigns a product with one free unit
 * to a group of three — one member holds it, two are in error and the group says so; Reprocess with
 * no unit left says they are still in error; removing the holder (the confirm dialog names the unit
 * it frees) serves the longest-waiting member; and the group licence is removed from its confirm
 * dialog, which says who loses it and how many units that really frees.
 *
 * On the Users page a licence in error is marked, Reprocess says it still waits, and Unassign says it
 * frees no unit from a person who keeps the product through a group; Make standard asks first.
 *
 * Seeded in the spec's own tenant (fixtures.ts), on the console server's database.
 */
import { addGroupMembers, assignDirect, assignGroupLicense, createGroup, createProduct, createUser } from "../factories";
import { expectToast } from "./auto-claim-helpers";
import { expect, test } from "./fixtures";

const PRODUCT = "Group spec licence";
const GROUP = "Group spec makers";

test("the admin assigns a product with one free unit to three members, reprocesses, removes the holder and then the licence", async ({
  page,
  signIn,
  tenant,
  serverDb,
}) => {
  test.setTimeout(90_000);
  const db = serverDb();
  const { id: tenantId, domain } = await db.tenant.findFirstOrThrow({ where: { domain: tenant.domain } });
  await createProduct(db, tenantId, {
    skuPartNumber: "E2E_GROUP_LICENSING",
    displayName: PRODUCT,
    purchasedUnits: 1,
    servicePlans: [
      { servicePlanId: "0b4c3a43-6a9e-4c4e-9d6c-5b0f7a5a1a01", servicePlanName: "E2E_APPS", displayName: "Spec apps" },
      { servicePlanId: "0b4c3a43-6a9e-4c4e-9d6c-5b0f7a5a1a02", servicePlanName: "E2E_FLOWS", displayName: "Spec flows" },
    ],
  });
  const group = await createGroup(db, tenantId, { displayName: GROUP });
  for (const displayName of ["Ann Member", "Ben Member", "Cat Member"]) {
    const person = await createUser(db, { id: tenantId, domain }, { displayName });
    await addGroupMembers(db, tenantId, group.id, [person.id]);
  }

  await signIn("GLOBAL_ADMIN");
  await page.goto(`/groups?group=${group.id}`);
  const detail = page.getByTestId("group-detail");
  await expect(detail.getByRole("heading", { level: 2 })).toHaveText(GROUP);

  // Assign the product: both apps on by default; at least one must stay on.
  const assign = detail.getByRole("form", { name: "Assign a product" });
  await assign.getByLabel("Product").selectOption({ label: `${PRODUCT} — 1 available` });
  await assign.getByLabel("Spec apps").uncheck();
  await assign.getByLabel("Spec flows").uncheck();
  await expect(assign.getByRole("alert")).toHaveText("Keep at least one app on.");
  await expect(assign.getByRole("button", { name: "Assign to group" })).toBeDisabled();
  await assign.getByLabel("Spec apps").check();
  await assign.getByRole("button", { name: "Assign to group" }).click();
  await expectToast(page, `${PRODUCT} assigned. 1 member holds it now; 2 members are in error: no unit left.`);

  const licences = detail.getByRole("list", { name: `Licenses of ${GROUP}` });
  await expect(licences).toContainText(`${PRODUCT} (E2E_GROUP_LICENSING) · 0 of 1 available · apps: Spec apps`);
  await expect(licences).toContainText("2 in error");
  const errors = detail.getByTestId("license-errors");
  await expect(errors.getByRole("heading")).toHaveText("2 members with license errors");
  const members = detail.getByTestId("members-table");
  await expect(members.getByTestId("license-error-badge")).toHaveCount(2);

  // Reprocess with no unit left: still in error.
  await errors.getByRole("button", { name: "Reprocess" }).click();
  await expectToast(page, "Reprocessed: 0 licenses assigned; 2 licenses still in error: no unit left.");

  // Who holds it, and who waits longest (the error list is longest-waiting first).
  const firstWaiting = (await errors.locator("tbody tr").first().locator("th").innerText()).trim();
  const holderRow = members.locator("tbody tr").filter({ hasNot: page.getByTestId("license-error-badge") });
  await expect(holderRow).toHaveCount(1);
  const holder = (await holderRow.locator("th").innerText()).trim();

  // Removing the holder: the dialog names the unit it frees; Escape cancels and gives focus back.
  const removeHolder = members.getByRole("button", { name: `Remove ${holder}` });
  await removeHolder.click();
  const memberDialog = page.getByRole("dialog", { name: `Remove ${holder} from ${GROUP}?` });
  await expect(memberDialog).toBeVisible();
  await expect(memberDialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(memberDialog).toBeHidden();
  await expect(removeHolder).toBeFocused();
  await removeHolder.click();
  await expect(memberDialog.getByTestId("units-freed")).toHaveText("This frees 1 unit.");
  await memberDialog.getByRole("button", { name: "Remove member" }).click();
  await expectToast(page, `Removed ${holder} from ${GROUP}.`);
  await expect(memberDialog).toBeHidden();

  // The longest-waiting member holds it now; one still waits.
  await expect(errors.getByRole("heading")).toHaveText("1 member with license errors");
  await expect(errors).not.toContainText(firstWaiting);
  await expect(members.locator("tbody tr").filter({ hasText: firstWaiting }).getByTestId("license-error-badge")).toHaveCount(0);
  await expect(members.getByTestId("license-error-badge")).toHaveCount(1);

  // Remove the licence: one member loses it, one unit is freed; the member in error stops waiting.
  await licences.getByRole("button", { name: `Remove ${PRODUCT} from ${GROUP}` }).click();
  const licenceDialog = page.getByRole("dialog", { name: `Remove ${PRODUCT} from ${GROUP}?` });
  await expect(licenceDialog.getByTestId("removal-impact")).toHaveText(`1 member loses ${PRODUCT}; this frees 1 unit.`);
  await expect(licenceDialog).toContainText(`1 member waiting for a unit through ${GROUP} stops waiting.`);
  await licenceDialog.getByRole("button", { name: "Remove license" }).click();
  await expectToast(page, `Removed ${PRODUCT} from ${GROUP}; 1 unit freed.`);
  await expect(detail).toContainText("This group carries no licenses: its members get none through it.");
  await expect(detail.getByTestId("license-errors")).toHaveCount(0);
  await expect(members.getByTestId("license-error-badge")).toHaveCount(0);
});

test("the Users page marks a licence in error with Reprocess, and Unassign says a person who keeps it through a group frees no unit", async ({
  page,
  signIn,
  tenant,
  serverDb,
}) => {
  test.setTimeout(90_000);
  const db = serverDb();
  const { id: tenantId, domain } = await db.tenant.findFirstOrThrow({ where: { domain: tenant.domain } });
  const product = await createProduct(db, tenantId, { skuPartNumber: "E2E_USER_ERRORS", displayName: "User spec licence", purchasedUnits: 1 });
  const [dee, eve] = await Promise.all(["Dee Twice", "Eve Waiting"].map((displayName) => createUser(db, { id: tenantId, domain }, { displayName })));
  // Dee holds the one unit directly and through the group; Eve joins with none left and waits.
  await assignDirect(db, tenantId, dee.id, product.id);
  const group = await createGroup(db, tenantId, { displayName: "User spec makers" });
  await assignGroupLicense(db, tenantId, group.id, product.id);
  for (const person of [dee, eve]) await addGroupMembers(db, tenantId, group.id, [person.id]);

  await signIn("GLOBAL_ADMIN");
  await page.goto(`/users?user=${eve.id}`);
  const detail = page.getByTestId("user-detail");
  const licences = detail.getByRole("list", { name: "Licenses of Eve Waiting" });
  await expect(licences.getByTestId("license-error-badge")).toHaveText("License error");
  await expect(licences).toContainText("License error: no unit left since");
  await expect(detail.getByTestId("user-license-errors")).toContainText("1 in error: no unit left");
  await detail.getByRole("button", { name: "Reprocess" }).click();
  await expectToast(page, "Reprocessed: 0 licenses assigned; 1 license still in error: no unit left.");

  await page.goto(`/users?user=${dee.id}`);
  await detail.getByRole("button", { name: "Unassign User spec licence" }).click();
  const dialog = page.getByRole("dialog", { name: "Unassign User spec licence from Dee Twice?" });
  await expect(dialog.getByTestId("units-freed")).toHaveText("Dee Twice keeps User spec licence through User spec makers: this frees 0 units.");
  await dialog.getByRole("button", { name: "Unassign" }).click();
  await expectToast(page, "Unassigned User spec licence from Dee Twice.");
  await expect(detail.getByRole("list", { name: "Licenses of Dee Twice" })).toContainText("Group — User spec makers");
  await expect(detail.getByRole("list", { name: "Licenses of Dee Twice" })).not.toContainText("Direct");

  // No unit was freed: Eve still waits.
  await page.goto(`/users?user=${eve.id}`);
  await expect(detail.getByTestId("license-error-badge")).toHaveCount(1);
});

test("Make standard asks first; Cancel keeps the environment managed", async ({ page, signIn }) => {
  await signIn("GLOBAL_ADMIN");
  await page.goto("/power-platform/environments");
  const production = page.getByTestId("environment-row").filter({ hasText: "Contoso Production" });
  await expect(production.getByTestId("environment-type")).toHaveText("Managed");
  await production.getByRole("button", { name: "Make standard Contoso Production" }).click();
  const dialog = page.getByRole("dialog", { name: "Make Contoso Production a standard environment?" });
  await expect(dialog).toContainText("Policies scoped to managed environments stop covering Contoso Production");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(production.getByTestId("environment-type")).toHaveText("Managed");

  await production.getByRole("button", { name: "Make standard Contoso Production" }).click();
  await dialog.getByRole("button", { name: "Make standard" }).click();
  await expectToast(page, "Contoso Production is now a standard environment");
  await expect(production.getByTestId("environment-type")).toHaveText("Standard");
});
