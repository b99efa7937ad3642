import path from "node:path";
import { defineConfig, type ViteUserConfig } from "vitest/config";
import { postgresReachable, TEST_POSTGRES_URL } from "./tests/setup/postgres.ts";

/**
 * Files and the tests inside each file run in a random order (`sequence.shuffle`), so no test can
 * lean on another's leftovers; every run prints its seed ("Shuffle seed: N", tests/setup/seed-reporter.ts)
 * and `--sequence.seed=N` replays that order.
 *
 * Two projects: "pglite" runs every test (unit tests and, on in-memory PGlite, every database
 * test); "postgres" runs the database tests (*.db.test.ts) again on the PostgreSQL server. Without
 * a server, a person's `npm test` skips the second with one line saying how to run it; in CI
 * (CI=true) it always runs, and an unreachable server fails it.
 */
export default defineConfig(async (): Promise<ViteUserConfig> => {
  const ci = process.env.CI === "true" || process.env.CI === "1";
  const withPostgres = ci || (await postgresReachable());
  if (!withPostgres) {
    console.log(
      `PostgreSQL suite skipped: no server at ${TEST_POSTGRES_URL}. Start PostgreSQL or set TEST_POSTGRES_URL to run it (CI=true makes it mandatory).`,
    );
  }
  const shared = {
    setupFiles: [path.resolve(import.meta.dirname, "tests/setup/console.ts"), path.resolve(import.meta.dirname, "tests/setup/tenant-check.ts")],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    server: { deps: { inline: ["server-only"] } },
  };
  return {
    resolve: { alias: { "@": path.resolve(import.meta.dirname, "src"), "server-only": path.resolve(import.meta.dirname, "tests/setup/server-only.ts") } },
    test: {
      sequence: { shuffle: { files: true, tests: true } },
      reporters: ["default", path.resolve(import.meta.dirname, "tests/setup/seed-reporter.ts")],
      projects: [
        {
          extends: true as const,
          test: {
            ...shared,
            name: "pglite",
            include: ["src/**/*.test.ts", "tests/**/*.test.ts", "prisma/**/*.test.ts", "bench/**/*.test.ts"],
            env: { TEST_DATABASE: "pglite" },
          },
        },
        ...(withPostgres
          ? [
              {
                extends: true as const,
                test: {
                  ...shared,
                  name: "postgres",
                  include: ["src/**/*.db.test.ts", "tests/**/*.db.test.ts", "prisma/**/*.db.test.ts"],
                  env: { TEST_DATABASE: "postgres", TEST_POSTGRES_URL },
                },
              },
            ]
          : []),
      ],
    },
  };
});
