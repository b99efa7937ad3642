/**
 * HTTP load with autocannon: a fixed number of connections for a fixed time (it stops by itself),
 * in this process. Every response's status is counted, and `expect` checks each body cheaply
 * (a substring), so that a run that measured the wrong path (401s, another reason) says so.
 */
import autocannon from "autocannon";

export interface LoadOptions {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** A fixed body, or one per request (e.g. the next user). */
  body?: string | (() => string);
  connections: number;
  seconds: number;
  /** A substring every 200 body should contain (e.g. `"reason":"LICENSED"`); others are counted as unexpected. */
  expect?: string;
}

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
  unexpected: number;
  connections: number;
  seconds: number;
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  let unexpected = 0;
  const onResponse = o.expect
    ? (status: number, body: string) => {
        if (status !== 200 || !body.includes(o.expect!)) unexpected++;
      }
    : undefined;
  const makeBody = typeof o.body === "function" ? o.body : null;
  const request: autocannon.Request = {
    method: o.method ?? "GET",
    headers: { ...(o.body ? { "content-type": "application/json" } : {}), ...o.headers },
    ...(typeof o.body === "string" ? { body: o.body } : {}),
    ...(makeBody ? { setupRequest: (req: autocannon.Request) => ({ ...req, body: makeBody() }) } : {}),
    ...(onResponse ? { onResponse } : {}),
  };
  const result = await autocannon({
    url: o.url,
    connections: o.connections,
    duration: o.seconds,
    requests: [request],
    // No retries and a generous timeout: a slow answer counts as slow, not as a new request.
    timeout: 30,
  });
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    unexpected,
    connections: o.connections,
    seconds: result.duration,
  };
}
