import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import type { TenantOptions } from "./tests/e2e/fixtures";
import { DEMO_PORT, E2E_PORT } from "./tests/e2e/servers";

/**
 * Browser tests (tests/e2e) against a production build (scripts/e2e-server.ts starts both servers):
 * - project "console": every spec but one, on the console server (PostgreSQL), each spec file on a
 *   tenant of its own that the `tenant` fixture seeds (tests/e2e/fixtures.ts) — so spec files run
 *   side by side, two workers by default (E2E_WORKERS), and none puts anything back;
 * - project "embedded": sign-in.spec.ts on the demo server, the embedded database as `npm run demo`
 *   makes it.
 * A file's tests run in order, in one worker. E2E_BASE_URL=http://… (and E2E_DEMO_BASE_URL, else
 * the same) runs them against servers you started yourself instead; the fixture then seeds into
 * E2E_POSTGRES_DATABASE_URL (docs/decisions/0012).
 */
const ci = Boolean(process.env.CI);
const external = process.env.E2E_BASE_URL;
const baseURL = external ?? `http://127.0.0.1:${E2E_PORT}`;
const demoBaseURL = process.env.E2E_DEMO_BASE_URL ?? external ?? `http://127.0.0.1:${DEMO_PORT}`;
const embedded = /sign-in\.spec\.ts$/;

// Debian's Chromium when present (Playwright never downloads a browser on this machine), else Playwright's own.
const systemChromium = "/usr/bin/chromium";
const launchOptions = {
  ...(fs.existsSync(systemChromium) ? { executablePath: systemChromium } : {}),
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
  ],
};

export default defineConfig<TenantOptions>({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  forbidOnly: ci,
  retries: 0,
  // Two workers share the machine's cores (and the servers'): a long walk through the console may take twice as long.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: ci ? [["list"], ["html", { open: "never" }]] : "list",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "console", testIgnore: embedded, use: { ...devices["Desktop Chrome"], launchOptions } },
    { name: "embedded", testMatch: embedded, use: { ...devices["Desktop Chrome"], launchOptions, baseURL: demoBaseURL, tenantKind: "demo" } },
  ],
  webServer: external
    ? undefined
    : {
        // One process (no npx or tsx wrapper in between), so that the signal below reaches the script itself.
        command: "node --import tsx scripts/e2e-server.ts",
        url: `${baseURL}/sign-in`,
        timeout: 300_000,
        reuseExistingServer: !ci,
        stdout: "pipe",
        stderr: "pipe",
        // Stopped with SIGTERM, so that it stops its servers and drops the console server's database.
        gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
        env: { E2E_PORT: String(E2E_PORT), E2E_DEMO_PORT: String(DEMO_PORT) },
      },
});
