/**
 * The graceful stop (src/server/shutdown.ts) closes the process's LISTEN connections (the API token
 * cache's, ADR 32) before the pool: nothing listens once it is done, and the database then closes.
 */
import { PGlite } from "@electric-sql/pglite";
import pino from "pino";
import { expect, it } from "vitest";
import { listen } from "./db/notify";
import { shutDown } from "./shutdown";

it("closes every LISTEN connection, then the pool", async () => {
  const pglite = new PGlite();
  const listener = listen({ pglite }, "api_token_revoked", { onNotify: () => {} });
  await listener.ready();
  expect(listener.listening).toBe(true);
  const steps: string[] = [];
  const code = await shutDown("SIGTERM", {
    log: pino({ level: "silent" }),
    timeoutMs: 1_000,
    stopWorkers: async () => void steps.push("workers"),
    closeDb: async () => {
      steps.push(listener.listening ? "pool while listening" : "pool");
      await pglite.close();
    },
  });
  expect(code).toBe(0);
  expect(steps).toEqual(["workers", "pool"]);
  expect(listener.listening).toBe(false);
});
