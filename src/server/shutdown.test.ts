/**
 * The graceful stop (src/server/shutdown.ts) on a real HTTP server: a request in flight when the
 * signal comes is answered, a connection after it is refused, then the workers stop and the pool
 * closes, in that order, and the exit code is 0. Readiness says stopping from the first moment.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { installRequestLog } from "./http/request-log";
import { isShuttingDown, shutDown } from "./shutdown";

function get(port: number): Promise<{ status: number; id: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: "/slow", agent: false, headers: { "x-request-id": "req-1" } }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, id: res.headers["x-request-id"] as string | undefined, body }));
      })
      .on("error", reject);
  });
}

describe("shutDown", () => {
  it("lets the request in flight finish, refuses new connections, then stops the workers and closes the pool, exit 0", async () => {
    const lines: Record<string, unknown>[] = [];
    const log = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    installRequestLog(log);
    const server = http.createServer((req, res) => {
      setTimeout(() => res.end(`done ${req.headers["x-request-id"]}`), 300);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;

    const inFlight = get(port);
    await new Promise((r) => setTimeout(r, 100));
    const steps: string[] = [];
    const stopping = shutDown("SIGTERM", {
      log,
      timeoutMs: 5_000,
      stopWorkers: async () => void steps.push("workers"),
      closeDb: async () => void steps.push("pool"),
    });
    expect(isShuttingDown()).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    await expect(get(port)).rejects.toThrow(/ECONNREFUSED/);
    expect(steps).toEqual([]);

    expect(await inFlight).toEqual({ status: 200, id: "req-1", body: "done req-1" });
    expect(await stopping).toBe(0);
    expect(steps).toEqual(["workers", "pool"]);
    expect(lines.find((l) => l.msg === "request")).toMatchObject({ requestId: "req-1", method: "GET", path: "/slow", status: 200, level: 30 });
    expect(lines.find((l) => l.msg === "shutdown: stopping")).toMatchObject({ signal: "SIGTERM", inFlight: 1 });
    // A second signal does not start a second stop.
    expect(await shutDown("SIGTERM", { log, timeoutMs: 1, stopWorkers: async () => {}, closeDb: async () => {} })).toBe(-1);
  });
});
