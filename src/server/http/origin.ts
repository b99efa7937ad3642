/**
 * Where the app is, as the outside world sees it — the one place that decides whether a reverse
 * proxy's `X-Forwarded-*` headers are believed (SPEC §11, Proxies):
 *
 * - `APP_URL`, when set, is the public origin: links (OData `@odata.nextLink`, e-mails, webhooks)
 *   are built from it whatever the request says.
 * - Otherwise the request's own URL: the `Host` the client addressed (not a proxy header) and the
 *   scheme of the connection. `X-Forwarded-Proto` / `-Host` are read only with `TRUST_PROXY=true`,
 *   and then only their first value (the proxy nearest the client is the one that set it).
 *
 * Pure and free of `server-only`, so that src/proxy.ts and route handlers share it.
 */
import { env } from "@/env";

export interface OriginSettings {
  /** The public URL (env.APP_URL). */
  appUrl?: string;
  /** Believe X-Forwarded-* (env.TRUST_PROXY). */
  trustProxy: boolean;
}

const fromEnv = (): OriginSettings => ({ appUrl: env.APP_URL, trustProxy: env.TRUST_PROXY });

/**
 * The request headers a reverse proxy sets to say how the client reached it. Without TRUST_PROXY
 * src/proxy.ts removes them from every request before the app (Next's server-action origin
 * check, next-auth) sees them; Next then fills in X-Forwarded-Host/-Proto/-Port/-For from the
 * connection itself.
 */
export const FORWARDING_HEADERS = ["forwarded", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-forwarded-for"] as const;

// A host as it may appear in a Host header: a name or IPv4 address, or a bracketed IPv6 address, and an optional port.
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*\.?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/** True when `value` is a plain host[:port] (no scheme, path, user info or spaces). */
export function isHost(value: string | null | undefined): value is string {
  return typeof value === "string" && value.length <= 260 && HOST.test(value);
}

/** The first value of a comma-separated header, trimmed; null when absent or empty. */
function firstValue(headers: Headers, name: string): string | null {
  return headers.get(name)?.split(",")[0].trim() || null;
}

/** True when `request` reached the app over HTTPS: APP_URL is https, or a trusted proxy says so. */
export function servedOverHttps(request: Request, settings: OriginSettings = fromEnv()): boolean {
  return publicOrigin(request, settings).startsWith("https:");
}

/**
 * The public origin (scheme://host[:port], no trailing slash) for links in answers to `request`:
 * APP_URL when set; else, with TRUST_PROXY, X-Forwarded-Proto/-Host; else the request's own Host
 * and scheme.
 */
export function publicOrigin(request: Request, settings: OriginSettings = fromEnv()): string {
  if (settings.appUrl) return new URL(settings.appUrl).origin;
  const url = new URL(request.url);
  const headers = request.headers;
  const host = (settings.trustProxy ? validHost(firstValue(headers, "x-forwarded-host")) : null) ?? validHost(headers.get("host")) ?? url.host;
  return `${scheme(url, headers, settings.trustProxy)}://${host.toLowerCase()}`;
}

function validHost(value: string | null): string | null {
  return isHost(value) ? value : null;
}

function scheme(url: URL, headers: Headers, trustProxy: boolean): "http" | "https" {
  const forwarded = firstValue(headers, "x-forwarded-proto")?.toLowerCase();
  if (trustProxy && (forwarded === "http" || forwarded === "https")) return forwarded;
  // Next builds the request URL's scheme from X-Forwarded-Proto when there is one (it sets one
  // itself from the connection otherwise), and `next start` serves plain HTTP: a scheme that may
  // have come from that header is not believed without TRUST_PROXY.
  if (!trustProxy && forwarded !== undefined) return "http";
  return url.protocol === "https:" ? "https" : "http";
}
