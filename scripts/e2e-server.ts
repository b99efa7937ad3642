/**
 * The servers the browser tests run against (playwright.config.ts; tests/e2e/servers.ts says where
 * and on which database): two `next start` processes of one production build, in demo mode,
 * signing in with the demo accounts and with OpenID Connect against the test provider of
 * tests/oidc (in this process, on 127.0.0.1, a free port unless E2E_OIDC_PORT is set).
 * - The demo server, 127.0.0.1:E2E_DEMO_PORT (E2E_PORT + 1): a fresh embedded database
 *   (E2E_DATABASE_URL, else .data/e2e), migrated and seeded as `npm run demo` does.
 * - The console server, 127.0.0.1:E2E_PORT: a fresh PostgreSQL database (autoclaim_e2e_<port> on
 *   the server of TEST_POSTGRES_URL), migrated and seeded the same way; each spec file seeds its
 *   own tenant there (tests/e2e/fixtures.ts). Dropped when this script is stopped (SIGTERM, SIGINT).
 * Builds first unless E2E_REUSE_BUILD=1 and a build exists (CI builds once, before).
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { DEMO_DATABASE_URL, DEMO_PORT, E2E_PORT, RECEIVER_TLS_DIR, SERVER_DATABASE_URL } from "../tests/e2e/servers";
import { selfSignedCertificate } from "../tests/setup/tls";
import { TEST_TENANT_ID } from "../tests/oidc/accounts";
import { startTestIssuer } from "../tests/oidc/provider";
import { dropDatabase, prepareDatabase, recreatePostgresDatabase, root, run, start } from "./lib";

const ports = [E2E_PORT, DEMO_PORT];

try {
  await recreatePostgresDatabase(SERVER_DATABASE_URL);
} catch (error) {
  const where = new URL(SERVER_DATABASE_URL).host;
  console.error(
    `\nThe console server of the browser tests runs on PostgreSQL, at ${where}: ${error}\n(TEST_POSTGRES_URL or E2E_POSTGRES_DATABASE_URL name another server.)\n`,
  );
  process.exit(1);
}

const oidcClient = { id: "autoclaim-portal", secret: randomBytes(24).toString("hex") };
const { issuer } = await startTestIssuer({
  clientId: oidcClient.id,
  clientSecret: oidcClient.secret,
  redirectUris: ports.flatMap((port) => [`http://127.0.0.1:${port}/api/auth/callback/oidc`, `http://localhost:${port}/api/auth/callback/oidc`]),
  port: Number(process.env.E2E_OIDC_PORT ?? 0),
});

await dropDatabase(DEMO_DATABASE_URL);
await prepareDatabase(DEMO_DATABASE_URL, { demo: true });
await prepareDatabase(SERVER_DATABASE_URL, { demo: true });

const built = fs.existsSync(path.join(root, process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID"));
if (process.env.E2E_REUSE_BUILD !== "1" || !built) await run("next", ["build"]);

// The certificate of the specs' HTTPS webhook receivers, trusted by the console server.
fs.rmSync(RECEIVER_TLS_DIR, { recursive: true, force: true });
const receiverTls = selfSignedCertificate();
if (receiverTls) {
  fs.mkdirSync(RECEIVER_TLS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RECEIVER_TLS_DIR, "cert.pem"), receiverTls.cert);
  fs.writeFileSync(path.join(RECEIVER_TLS_DIR, "key.pem"), receiverTls.key, { mode: 0o600 });
}

const servers: ChildProcess[] = [];
let stopping = false;

function serve(port: number, databaseUrl: string, env: Record<string, string> = {}): ChildProcess {
  const server = start("next", ["start", "-H", "127.0.0.1", "-p", String(port)], {
    ...env,
    DEMO_MODE: "true",
    DATABASE_URL: databaseUrl,
    NODE_ENV: "production",
    OIDC_ISSUER: issuer,
    OIDC_CLIENT_ID: oidcClient.id,
    OIDC_CLIENT_SECRET: oidcClient.secret,
    OIDC_TENANT_ID: TEST_TENANT_ID,
  });
  server.on("exit", (code, signal) => {
    if (stopping) return;
    console.error(`next start on port ${port} exited with ${code ?? signal}`);
    void stop(1);
  });
  servers.push(server);
  return server;
}

async function stop(code: number): Promise<never> {
  stopping = true;
  const exited = servers.filter((s) => s.exitCode === null && s.signalCode === null).map((s) => new Promise((resolve) => s.once("exit", resolve)));
  for (const s of servers) s.kill("SIGTERM");
  await Promise.all(exited);
  fs.rmSync(RECEIVER_TLS_DIR, { recursive: true, force: true });
  await recreatePostgresDatabase(SERVER_DATABASE_URL, { drop: true }).catch((error) => console.error(`could not drop the console server's database: ${error}`));
  process.exit(code);
}
process.once("SIGTERM", () => void stop(0));
process.once("SIGINT", () => void stop(0));

// The demo server first: Playwright waits for the console server only.
serve(DEMO_PORT, DEMO_DATABASE_URL);
const deadline = Date.now() + 120_000;
while (
  !(await fetch(`http://127.0.0.1:${DEMO_PORT}/sign-in`).then(
    (r) => r.ok,
    () => false,
  ))
) {
  if (Date.now() > deadline) {
    console.error(`the demo server did not answer on port ${DEMO_PORT}`);
    await stop(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
}
serve(E2E_PORT, SERVER_DATABASE_URL, receiverTls ? { NODE_EXTRA_CA_CERTS: path.join(RECEIVER_TLS_DIR, "cert.pem") } : {});
