import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";

/**
 * Browser tests (tests/e2e) against a production build on a fresh, seeded, embedded database
 * (scripts/e2e-server.ts). One worker: the server holds one PGlite directory.
 * E2E_BASE_URL=http://… runs them against a server you started yourself instead.
 */
const ci = Boolean(process.env.CI);
const port = Number(process.env.E2E_PORT ?? 3100);
const external = process.env.E2E_BASE_URL;
const baseURL = external ?? `http://127.0.0.1:${port}`;

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

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: ci,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: ci ? [["list"], ["html", { open: "never" }]] : "list",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], launchOptions } }],
  webServer: external
    ? undefined
    : {
        command: "npx tsx scripts/e2e-server.ts",
        url: `${baseURL}/sign-in`,
        timeout: 300_000,
        reuseExistingServer: !ci,
        stdout: "pipe",
        stderr: "pipe",
        env: { E2E_PORT: String(port) },
      },
});
