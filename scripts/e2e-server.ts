/**
 * The server the browser tests run against (playwright.config.ts): a fresh embedded database
 * under .data/e2e, migrated and seeded in demo mode, then `next start` on 127.0.0.1:E2E_PORT,
 * signing in with the demo accounts and with OpenID Connect against the test provider of
 * tests/oidc (in this process, on 127.0.0.1, a free port unless E2E_OIDC_PORT is set).
 * Builds first unless E2E_REUSE_BUILD=1 and a build exists (CI builds once, before).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { TEST_TENANT_ID } from "../tests/oidc/accounts";
import { startTestIssuer } from "../tests/oidc/provider";
import { dropDatabase, prepareDatabase, root, run } from "./lib";

const port = process.env.E2E_PORT ?? "3100";
const url = process.env.E2E_DATABASE_URL ?? `file:${path.join(root, ".data", "e2e")}`;

const oidcClient = { id: "autoclaim-portal", secret: randomBytes(24).toString("hex") };
const { issuer } = await startTestIssuer({
  clientId: oidcClient.id,
  clientSecret: oidcClient.secret,
  redirectUris: [`http://127.0.0.1:${port}/api/auth/callback/oidc`, `http://localhost:${port}/api/auth/callback/oidc`],
  port: Number(process.env.E2E_OIDC_PORT ?? 0),
});

await dropDatabase(url);
await prepareDatabase(url, { demo: true });
const built = fs.existsSync(path.join(root, process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID"));
if (process.env.E2E_REUSE_BUILD !== "1" || !built) await run("next", ["build"]);
await run("next", ["start", "-H", "127.0.0.1", "-p", port], {
  DEMO_MODE: "true",
  DATABASE_URL: url,
  NODE_ENV: "production",
  OIDC_ISSUER: issuer,
  OIDC_CLIENT_ID: oidcClient.id,
  OIDC_CLIENT_SECRET: oidcClient.secret,
  OIDC_TENANT_ID: TEST_TENANT_ID,
});
