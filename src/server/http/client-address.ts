/**
 * The network address a request came from, as a stable key (sign-in throttling; usable for any
 * per-client limit or log line).
 *
 * Where it comes from: a route handler of `next start` never sees the socket. Next.js copies the
 * socket's address into `X-Forwarded-For` — but only when the request did not bring that header,
 * and it never appends to one the request brought. So the **right-most** entry is read:
 * - with `TRUST_PROXY=true` (a reverse proxy in front, which appends the address it saw), it is the
 *   entry that proxy added; entries to its left were sent by the client and may be anything;
 * - without a proxy, it is the socket's address that Next.js wrote: on the paths src/proxy.ts
 *   covers (pages and /api/auth, so sign-in) the proxy drops a client's own forwarding headers
 *   unless TRUST_PROXY is set, so Next.js writes the socket's address afresh. The per-account limit
 *   of sign-in throttling never depends on the address.
 *
 * Addresses are normalised: brackets and ports dropped, IPv4-mapped IPv6 read as IPv4, and IPv6
 * reduced to its /64 network (one subscriber's allocation, which a client can rotate through at
 * will). Anything that is not an IP address is "unknown".
 */
import { isIP } from "node:net";

export type HeaderBag = Headers | Record<string, string | string[] | undefined>;

export const UNKNOWN_ADDRESS = "unknown";

function header(headers: HeaderBag, name: string): string | null {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name);
  const bag = headers as Record<string, string | string[] | undefined>;
  const value = bag[name] ?? Object.entries(bag).find(([key]) => key.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? value.join(",") : (value ?? null);
}

/** Expands an IPv6 address to its eight 16-bit groups. */
function ipv6Groups(address: string): number[] {
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1].split(".").map(Number);
    text = `${text.slice(0, -v4[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, null];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const fill = tail === null ? [] : Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...fill, ...right].map((g) => parseInt(g, 16));
}

/** One address, normalised; null when it is not an IP address. */
export function normaliseAddress(raw: string): string | null {
  let text = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) text = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(":"));
  text = text.replace(/%.*$/, ""); // an IPv6 zone ("fe80::1%eth0")
  const kind = isIP(text);
  if (kind === 4) return text;
  if (kind !== 6) return null;
  const groups = ipv6Groups(text.toLowerCase());
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) return [groups[6] >> 8, groups[6] & 255, groups[7] >> 8, groups[7] & 255].join(".");
  if (groups.every((g, i) => g === (i === 7 ? 1 : 0))) return "::1";
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

/** The client's address (see above), or "unknown". */
export function clientAddress(headers: HeaderBag): string {
  const entries = (header(headers, "x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const last = entries.at(-1);
  return (last && normaliseAddress(last)) || UNKNOWN_ADDRESS;
}
