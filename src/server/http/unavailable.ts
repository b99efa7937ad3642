/**
 * The database away, as each edge answers it (ADR 26): 503 with `Retry-After` and a plain message
 * — /api/v1 in its JSON error shape, /graph/v1.0 in Graph's, /scim/v2 in SCIM's (each wrapper
 * builds the body; `withRetryAfter` adds the header), and pages with the friendly page below
 * (src/proxy.ts answers it before a page renders while the process knows the database is away).
 */
import { DatabaseUnavailableError, RETRY_AFTER_SECONDS } from "@/server/db/errors";

/** Adds Retry-After (and no-store) to a response that answers a DatabaseUnavailableError. */
export function withRetryAfter<R extends Response>(response: R, error: unknown): R {
  if (error instanceof DatabaseUnavailableError || response.status === 503) {
    response.headers.set("retry-after", String(RETRY_AFTER_SECONDS));
    response.headers.set("cache-control", "no-store");
  }
  return response;
}

/** The page a browser gets while the database is away: plain HTML, no script, no external style. */
export function unavailablePage(): Response {
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="refresh" content="${RETRY_AFTER_SECONDS * 2}">
<title>Temporarily unavailable · Auto-claim portal</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 15vh auto; padding: 0 1rem; color: #242424">
<h1 style="font-size: 1.5rem">The portal is temporarily unavailable</h1>
<p>It cannot reach its database just now. Nothing you did was lost: a change either finished before this, or was not made.</p>
<p>This page tries again by itself in a few seconds; you can also reload it.</p>
</body>
</html>`;
  return new Response(html, {
    status: 503,
    headers: { "content-type": "text/html; charset=utf-8", "retry-after": String(RETRY_AFTER_SECONDS), "cache-control": "no-store" },
  });
}
