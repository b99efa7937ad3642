/**
 * The server the browser tests run against (playwright.config.ts): a fresh embedded database
 * under .data/e2e, migrated and seeded in demo mode, then `next start` on 127.0.0.1:E2E_PORT.
 * Builds first unless E2E_REUSE_BUILD=1 and a build exists (CI builds once, before).
 */
import fs from "node:fs";
import path from "node:path";
import { dropDatabase, prepareDatabase, root, run } from "./lib";

const port = process.env.E2E_PORT ?? "3100";
const url = process.env.E2E_DATABASE_URL ?? `file:${path.join(root, ".data", "e2e")}`;

await dropDatabase(url);
await prepareDatabase(url, { demo: true });
const built = fs.existsSync(path.join(root, process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID"));
if (process.env.E2E_REUSE_BUILD !== "1" || !built) await run("next", ["build"]);
await run("next", ["start", "-H", "127.0.0.1", "-p", port], { DEMO_MODE: "true", DATABASE_URL: url, NODE_ENV: "production" });
