/** The console shell: navigation, every route of SPEC §5, the 403 and 404 pages. */
import { expect, httpStatusLine, test } from "./fixtures";

const NAV: { link: string; url: string; heading: string }[] = [
  { link: "Users", url: "/users", heading: "Users" },
  { link: "Groups", url: "/groups", heading: "Groups" },
  { link: "Licenses", url: "/billing/licenses", heading: "Licenses" },
  { link: "Org settings", url: "/settings/org-settings", heading: "Org settings" },
  { link: "Notifications", url: "/settings/notifications", heading: "Notifications" },
  { link: "API tokens", url: "/settings/api-tokens", heading: "API tokens" },
  { link: "Webhooks", url: "/settings/webhooks", heading: "Webhooks" },
  { link: "Environments", url: "/power-platform/environments", heading: "Environments" },
  { link: "Settings › Licenses", url: "/power-platform/settings/licenses", heading: "Licenses" },
  { link: "Audit log", url: "/audit", heading: "Audit log" },
  { link: "Home", url: "/", heading: "Home" },
];

/** Console routes of SPEC §5 beyond the nav (reached from tabs and lists); `placeholder` pages are not built yet. */
const OTHER_ROUTES: { url: string; heading: string; placeholder?: boolean }[] = [
  { url: "/billing/licenses/auto-claim", heading: "Licenses" },
  { url: "/billing/licenses/auto-claim/new", heading: "Add a policy" },
  { url: "/billing/licenses/requests", heading: "Licenses" },
];
/** A policy that does not exist (the details page answers 404). */
const UNKNOWN_POLICY = "/billing/licenses/auto-claim/00000000-0000-4000-8000-000000000000";

test("every nav link opens its page with the right heading and marks itself current", async ({ page, signIn }) => {
  await signIn("GLOBAL_ADMIN");
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Admin center" });

  for (const { link, url, heading } of NAV) {
    await nav.getByRole("link", { name: link, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${url.replace(/\//g, "\\/")}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    await expect(nav.getByRole("link", { name: link, exact: true })).toHaveAttribute("aria-current", "page");
    await expect(nav.locator('[aria-current="page"]')).toHaveCount(1);
  }

  await nav.getByRole("link", { name: "App launch (demo)" }).click();
  await expect(page).toHaveURL(/\/launch$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("App launch (demo)");
});

test("the Licenses tabs and the other console routes exist; those not built yet say what they will do", async ({ page, signIn, consoleErrors }) => {
  consoleErrors.allow(httpStatusLine(404));
  await signIn("REPORTS_READER");
  for (const { url, heading, placeholder } of OTHER_ROUTES) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    await expect(page.getByTestId("not-built-yet")).toHaveCount(placeholder ? 1 : 0);
    // Deeper pages keep their section highlighted in the nav.
    await expect(page.getByRole("navigation", { name: "Admin center" }).getByRole("link", { name: "Licenses", exact: true })).toHaveAttribute(
      "aria-current",
      "page",
    );
  }
  for (const url of [UNKNOWN_POLICY, `${UNKNOWN_POLICY}/report`]) {
    const unknown = await page.goto(url);
    expect(unknown?.status(), url).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  }
  await page.goto("/billing/licenses");
  const tabs = page.getByRole("navigation", { name: "Licenses" });
  await tabs.getByRole("link", { name: "Auto-claim policy" }).click();
  await expect(page).toHaveURL(/\/billing\/licenses\/auto-claim$/);
  await expect(tabs.getByRole("link", { name: "Auto-claim policy" })).toHaveAttribute("aria-current", "page");
});

test("a User gets the 403 page on every console route", async ({ page, signIn, consoleErrors }) => {
  consoleErrors.allow(httpStatusLine(403));
  await signIn("USER");
  for (const url of [...NAV.map((n) => n.url), ...OTHER_ROUTES.map((r) => r.url), UNKNOWN_POLICY]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("You don't have access to this page");
  }
  await page.getByRole("link", { name: "Go to App launch" }).click();
  await expect(page).toHaveURL(/\/launch$/);
});

test("an unknown address shows the not-found page", async ({ page, signIn, consoleErrors }) => {
  consoleErrors.allow(httpStatusLine(404));
  await signIn("GLOBAL_ADMIN");
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
});

test("the brand mark and the product icons come from public/, for signed-out visitors too", async ({ page, signIn, request }) => {
  for (const path of ["/brand-mark.svg", "/products/power-apps.svg", "/products/power-automate.svg", "/products/microsoft-365.svg"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(200);
    expect(response.headers()["content-type"], path).toMatch(/^image\/svg\+xml/);
  }
  await signIn("GLOBAL_ADMIN");
  await page.goto("/");
  const loaded = (images: import("@playwright/test").Locator) =>
    images.evaluateAll((els) => els.map((e) => [(e as HTMLImageElement).getAttribute("src"), (e as HTMLImageElement).naturalWidth > 0]));
  expect(await loaded(page.getByRole("banner").locator("img"))).toEqual([["/brand-mark.svg", true]]);
  const icons = await loaded(page.getByRole("main").locator('img[src^="/products/"]'));
  expect(icons.length).toBeGreaterThan(0);
  expect(icons.every(([, ok]) => ok)).toBe(true);
  expect(new Set(icons.map(([src]) => src))).toEqual(new Set(["/products/power-apps.svg", "/products/power-automate.svg", "/products/microsoft-365.svg"]));
});
