/**
 * The add-a-policy wizard with the keyboard alone: Tab, type, arrows, Space and Enter — no mouse.
 * The policy applies to all environments (the wizard's default, SPEC §12), so a premium flow in a
 * standard environment then claims its licence.
 */
import type { Page } from "@playwright/test";
import { createApp, createUser } from "../factories";
import { expect, test } from "./fixtures";
import { NEW, policyRow } from "./auto-claim-helpers";

/** Presses Tab (or Shift+Tab) until the focused element matches, like a keyboard user would. */
async function tabTo(page: Page, matches: (el: { id: string; name: string; tag: string }) => boolean, { back = false, max = 80 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      const labels = (el as HTMLInputElement | null)?.labels;
      return { id: el?.id ?? "", name: (labels?.[0]?.textContent ?? el?.textContent ?? "").trim(), tag: el?.tagName ?? "" };
    });
    if (matches(focused)) return;
  }
  throw new Error("tabTo: never reached the element");
}
const byId = (id: string) => (el: { id: string }) => el.id === id;
const byName = (name: string) => (el: { name: string }) => el.name === name;
const byNameStart = (name: string) => (el: { name: string; tag: string }) => el.tag === "INPUT" && el.name.startsWith(name);

test("create a Power Automate policy with the keyboard alone; it covers a premium flow in a standard environment", async ({
  page,
  signIn,
  request,
  auth,
  tenant,
  serverDb,
}) => {
  await signIn("GLOBAL_ADMIN");
  const name = "Keyboard flows";

  await page.goto(NEW);
  // Step 1: Tab to the name, type it, Enter submits the step.
  await tabTo(page, byId("policy-name"));
  await page.keyboard.type(name);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 2, name: "Set an auto-claim app and product" })).toBeFocused();

  // Step 2: arrows choose in a select.
  await tabTo(page, byId("policy-app"));
  await page.keyboard.press("ArrowDown"); // Power Apps: it has a policy? then the message says so; go on to Power Automate
  await page.keyboard.press("ArrowDown");
  await expect(page.getByLabel("Auto-claim app", { exact: true })).toHaveValue("POWER_AUTOMATE");
  await tabTo(page, byId("product-0"));
  await page.keyboard.press("ArrowDown");
  await expect(page.getByLabel("Primary product", { exact: true }).locator("option:checked")).toHaveText(/Power Automate Premium/);
  await tabTo(page, byId("policy-group"));
  await page.keyboard.press("ArrowDown");
  await expect(page.getByLabel("Add users to a group (optional)", { exact: true })).not.toHaveValue("");
  // Where it applies: All environments is chosen; arrows move the choice and back.
  await tabTo(page, byNameStart("All environments"));
  const scope = page.getByRole("group", { name: "Where it applies" });
  await expect(scope.getByRole("radio", { name: /^All environments/ })).toBeChecked();
  await page.keyboard.press("ArrowDown");
  await expect(scope.getByRole("radio", { name: /^Managed environments only/ })).toBeChecked();
  await page.keyboard.press("ArrowUp");
  await expect(scope.getByRole("radio", { name: /^All environments/ })).toBeChecked();
  await tabTo(page, byName("Next"));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 2, name: "Select apps" })).toBeFocused();

  // Step 3: Space switches a service plan off.
  await tabTo(page, byName("Power Automate RPA attended"));
  await page.keyboard.press("Space");
  await expect(page.getByRole("checkbox", { name: "Power Automate RPA attended" })).not.toBeChecked();
  // Back (Shift+Tab from Next) and forward again keep the choice.
  await tabTo(page, byName("Back"));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 2, name: "Set an auto-claim app and product" })).toBeFocused();
  await tabTo(page, byName("Next"));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("checkbox", { name: "Power Automate RPA attended" })).not.toBeChecked();
  await tabTo(page, byName("Next"));
  await page.keyboard.press("Enter");

  // Step 4: review, then Create policy.
  await expect(page.getByRole("heading", { level: 2, name: "Review and finish" })).toBeFocused();
  await expect(page.getByTestId("review")).toContainText(name);
  await expect(page.getByTestId("review")).toContainText("ScopeAll environments");
  await tabTo(page, byName("Create policy"));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Policy created" })).toBeFocused();
  await tabTo(page, byName("Back to auto-claim policies"));
  await page.keyboard.press("Enter");
  await expect(policyRow(page, name)).toHaveCount(1);
  await expect(policyRow(page, name).getByRole("cell")).toHaveText(["Power Automate", "Power Automate Premium", /^\d+$/, "On", "All environments"]);

  // A premium flow in a standard environment is in scope: its first run claims the licence.
  const db = serverDb();
  const t = await db.tenant.findUniqueOrThrow({ where: { domain: tenant.domain } });
  const standard = await db.environment.findFirstOrThrow({ where: { tenantId: t.id, managed: false } });
  const flow = await createApp(db, t.id, standard.id, { name: "Keyboard premium flow", kind: "CLOUD_FLOW", premium: true });
  const person = await createUser(db, t, { givenName: "Flow", surname: "Runner" });
  const launched = await request.post("/api/v1/launches", { headers: auth, data: { user: person.userPrincipalName, app: flow.id } });
  expect(await launched.json()).toMatchObject({
    decision: "ALLOW",
    reason: "AUTO_CLAIMED",
    app: { managed: false },
    assignment: { product: { skuPartNumber: "POWERAUTOMATE_ATTENDED_RPA" }, policy: { name } },
  });
});
