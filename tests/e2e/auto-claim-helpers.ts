/**
 * Shared steps of the auto-claim browser specs (tests/e2e/auto-claim-*.spec.ts). Each spec runs on
 * its own seeded tenant (fixtures.ts `tenant`): it starts from the seed's state — auto-claim on, the
 * auto-created Power Apps policy, no Power Automate policy — and leaves what it changed.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page } from "@playwright/test";

export const LIST = "/billing/licenses/auto-claim";
export const NEW = "/billing/licenses/auto-claim/new";
export const ORG_SETTINGS = "/settings/org-settings";
export const ENVIRONMENTS = "/power-platform/environments";
export const PP_LICENSES = "/power-platform/settings/licenses";
export const SETTING_LABEL = "Let users auto-claim licenses the first time they sign in";

export const toast = (page: Page, text: string | RegExp) => page.locator("[data-sonner-toast]").filter({ hasText: text });

export async function expectToast(page: Page, text: string | RegExp) {
  await expect(toast(page, text).first()).toBeVisible();
}

/** Selects the option whose text contains `text` (option texts carry live unit counts). */
export async function choose(select: Locator, text: string) {
  const value = await select.locator("option", { hasText: text }).first().getAttribute("value");
  expect(value, `an option "${text}"`).toBeTruthy();
  await select.selectOption(value!);
}

export const policyRows = (page: Page) => page.getByTestId("policy-row");
export const policyRow = (page: Page, name: string) => policyRows(page).filter({ has: page.getByRole("link", { name, exact: true }) });

/** Opens the Auto-claim policy tab with the setting on (turning it on if it is off). */
export async function openPolicyList(page: Page) {
  await page.goto(LIST);
  const turnOn = page.getByRole("button", { name: "Turn on setting" });
  const heading = page.getByRole("heading", { name: "Auto-claim policies" });
  await expect(turnOn.or(heading)).toBeVisible();
  if (await turnOn.isVisible()) {
    await turnOn.click();
    await expect(heading).toBeVisible();
  }
}

/** The live policies as the list shows them: name → associated app. */
export async function listedPolicies(page: Page): Promise<Record<string, string>> {
  await openPolicyList(page);
  const out: Record<string, string> = {};
  for (const row of await policyRows(page).all()) {
    const name = (await row.getByRole("rowheader").getByRole("link").textContent())!.trim();
    out[name] = (await row.getByRole("cell").nth(0).textContent())!.trim();
  }
  return out;
}

/** Deletes a policy through its details page and the confirm dialog. */
export async function deletePolicy(page: Page, name: string) {
  await openPolicyList(page);
  await policyRow(page, name).getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await page.getByRole("button", { name: "Delete policy" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete this policy?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${LIST}$`));
  await expectToast(page, `Policy “${name}” deleted`);
  await expect(policyRow(page, name)).toHaveCount(0);
}

export async function next(page: Page, heading: string) {
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await expect(page.getByRole("heading", { level: 2, name: heading })).toBeVisible();
}

/** No serious or critical accessibility violation (axe-core, WCAG 2.x A/AA and best practices). */
export async function expectAccessible(page: Page, where: string) {
  // After a server action re-renders the page, Next puts its metadata (<title>) back a moment later.
  await expect(page).toHaveTitle(/ - Auto-claim portal$/);
  // Toasts fade in: check them once they are opaque (mid-fade, every colour fails contrast).
  await expect.poll(() => page.locator("[data-sonner-toast]").evaluateAll((els) => els.every((e) => getComputedStyle(e).opacity === "1"))).toBe(true);
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    `accessibility of ${where}`,
  ).toEqual([]);
}

/** expectAccessible at a desktop and a phone width (1400 px, 390 px); the page is left at the desktop width. */
export async function expectAccessibleAtWidths(page: Page, where: string) {
  for (const width of [390, 1400]) {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page, `${where} at ${width} px`);
  }
}

/** Every control in the page's main region is disabled (links may still be followed). */
export async function expectEveryControlDisabled(page: Page, where: string) {
  const main = page.getByRole("main");
  await expect(main.locator("input, select, textarea, button").first(), `${where}: has controls`).toBeAttached();
  const enabled = main.locator(
    [
      "button:not([disabled]):visible",
      "input:not([type=hidden]):not([disabled]):visible",
      "select:not([disabled]):visible",
      "textarea:not([disabled]):visible",
    ].join(", "),
  );
  expect(await enabled.evaluateAll((els) => els.map((e) => e.outerHTML.slice(0, 120))), `${where}: enabled controls`).toEqual([]);
}

/** The wizard's draft from the address bar (base64url JSON), to check or to craft one. */
export function draftOf(url: string): { name: string; app: string; products: { productId: string; enabledPlanIds: string[] }[]; groupId: string } {
  const value = new URL(url).searchParams.get("draft");
  expect(value, "a draft in the address").toBeTruthy();
  return JSON.parse(Buffer.from(value!, "base64url").toString("utf8"));
}

export function wizardUrl(step: number, draft: object): string {
  return `${NEW}?${new URLSearchParams({ step: String(step), draft: Buffer.from(JSON.stringify(draft)).toString("base64url") })}`;
}
