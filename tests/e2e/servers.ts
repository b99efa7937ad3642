/**
 * The two servers of the browser tests, as scripts/e2e-server.ts starts them, playwright.config.ts
 * points its projects at them and fixtures.ts seeds into the first (docs/decisions/0012):
 * - the console server, on a PostgreSQL database of its own: each spec file seeds its own copy
 *   of the demo tenant there (fixtures.ts `tenant`), so specs run side by side in two workers;
 * - the demo server, on the embedded database exactly as `npm run demo` makes it (Contoso alone),
 *   for the spec that proves the embedded default end to end (sign-in.spec.ts).
 */
import os from "node:os";
import path from "node:path";
import { databaseUrl } from "../setup/postgres";

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const DEMO_PORT = Number(process.env.E2E_DEMO_PORT ?? E2E_PORT + 1);

/** The console server's database: made afresh by each start of scripts/e2e-server.ts, dropped when it stops. */
export const SERVER_DATABASE_URL = process.env.E2E_POSTGRES_DATABASE_URL ?? databaseUrl(`autoclaim_e2e_${E2E_PORT}`);

/** The demo server's embedded database (a PGlite directory); one per E2E_PORT, so that runs on other ports do not share it. */
export const DEMO_DATABASE_URL =
  process.env.E2E_DATABASE_URL ?? `file:${path.resolve(import.meta.dirname, "../../.data", E2E_PORT === 3100 ? "e2e" : `e2e-${E2E_PORT}`)}`;

/**
 * A throwaway certificate for 127.0.0.1 (cert.pem, key.pem) that the console server trusts
 * (NODE_EXTRA_CA_CERTS), so a spec can stand up an HTTPS webhook receiver it delivers to. Written
 * by scripts/e2e-server.ts when openssl is there; absent against an external server.
 */
export const RECEIVER_TLS_DIR = path.join(os.tmpdir(), `autoclaim-e2e-${E2E_PORT}-tls`);
