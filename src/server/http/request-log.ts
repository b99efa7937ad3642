/**
 * One JSON log line per HTTP request, for every route — pages, server actions, /api/v1,
 * /graph/v1.0, /scim/v2, next-auth — from one place (ADR 27): Node's `http.server.request.start`
 * diagnostics channel, which the HTTP server publishes before Next sees the request. There the
 * request gets its id (the caller's sane `x-request-id`, else a new UUID: ./request-id.ts), set on
 * the request's headers for the app and on the response's for the caller; when the response
 * closes, one line says what happened: id, method, path (no query string: it may hold search
 * terms), status, milliseconds, and whether the client went away first.
 *
 * It also counts the requests in flight and remembers the HTTP server, for the graceful shutdown
 * (src/server/shutdown.ts): a stopping process closes that server and waits for the count to reach
 * zero. Installed once per process by src/instrumentation-node.ts.
 */
import diagnostics from "node:diagnostics_channel";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Logger } from "@/server/log";
import { REQUEST_ID_HEADER, requestIdFrom } from "./request-id";

interface RequestTracker {
  inFlight: number;
  server: Server | null;
  /** Resolved each time the count reaches zero. */
  waiters: Set<() => void>;
  /** While stopping, responses ask the client to close the connection. */
  closing: boolean;
}

const g = globalThis as typeof globalThis & { __requestTracker?: RequestTracker };

export function requestTracker(): RequestTracker {
  return (g.__requestTracker ??= { inFlight: 0, server: null, waiters: new Set(), closing: false });
}

/** Resolves when no request is in flight (at once if none is). */
export function requestsDrained(): Promise<void> {
  const tracker = requestTracker();
  if (tracker.inFlight === 0) return Promise.resolve();
  return new Promise((resolve) => tracker.waiters.add(resolve));
}

let installed = false;

export function installRequestLog(log: Logger): void {
  if (installed) return;
  installed = true;
  const tracker = requestTracker();
  diagnostics.subscribe("http.server.request.start", (message) => {
    const { request, response, server } = message as { request: IncomingMessage; response: ServerResponse; server: Server };
    tracker.server ??= server;
    const started = performance.now();
    const id = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
    request.headers[REQUEST_ID_HEADER] = id;
    response.setHeader(REQUEST_ID_HEADER, id);
    if (tracker.closing) response.setHeader("connection", "close");
    tracker.inFlight++;
    response.once("close", () => {
      tracker.inFlight--;
      if (tracker.inFlight === 0) {
        for (const resolve of tracker.waiters) resolve();
        tracker.waiters.clear();
      }
      const status = response.statusCode;
      const line = {
        requestId: id,
        method: request.method,
        path: (request.url ?? "").split("?")[0],
        status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        ...(response.writableFinished ? {} : { aborted: true }),
      };
      if (status === 503) log.warn(line, "request");
      else if (status >= 500) log.error(line, "request");
      else log.info(line, "request");
    });
  });
}
