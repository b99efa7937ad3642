/**
 * The request id of a request (ADR 27): the caller's own `x-request-id` when it is a sane one —
 * 1 to 128 characters of letters, digits and `-_.:@=+/` (a UUID, a trace id, a load balancer's id) —
 * else a new UUID. Echoed in the response's `x-request-id` and written on the request's log line.
 */
import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";

const SANE = /^[A-Za-z0-9\-_.:@=+/]{1,128}$/;

export function requestIdFrom(incoming: string | string[] | null | undefined): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return typeof value === "string" && SANE.test(value) ? value : randomUUID();
}
