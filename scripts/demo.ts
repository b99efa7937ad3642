/**
 * `npm run demo`: creates, migrates and seeds the embedded database (or the one DATABASE_URL
 * names), builds, and serves the demo on http://localhost:3000 (PORT to change it).
 * `npm run demo -- --no-build` reuses the last build. An embedded database's directory is held
 * for as long as the demo runs (scripts/lib.ts): a second `npm run demo`, migrate or seed on it
 * stops at once, naming this one.
 */
import fs from "node:fs";
import path from "node:path";
import { parseEnv } from "@/env";
import { prepareDatabase, root, run } from "./lib";

process.env.DEMO_MODE = "true";
const env = parseEnv(process.env);
const port = process.env.PORT ?? "3000";
const host = process.env.HOST ?? "127.0.0.1";

await prepareDatabase(env.DATABASE_URL, { demo: true });
const built = fs.existsSync(path.join(root, process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID"));
if (!process.argv.includes("--no-build") || !built) await run("next", ["build"]);

console.log(`
  Auto-claim portal (demo) — http://localhost:${port}

  Sign in with any of these, password "${env.DEMO_PASSWORD}":
    admin@contoso.com          Global admin
    licenses@contoso.com       License administrator
    reports@contoso.com        Reports reader
    adele.vance@contoso.com    User (and every other <first>.<last>@contoso.com)
  API token for /api/v1 and /graph/v1.0: "${env.DEMO_API_TOKEN}"
`);
await run("next", ["start", "-H", host, "-p", port], { DEMO_MODE: "true", DATABASE_URL: env.DATABASE_URL });
