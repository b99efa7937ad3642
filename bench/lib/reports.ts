/**
 * Reports at scale: the policy report page (/billing/licenses/auto-claim/[id]/report) and its CSV
 * export, signed in as the Global admin through next-auth's credentials callback.
 *
 * Both are found, not assumed: the page counts as built when its source no longer renders the
 * NotBuiltYet placeholder; the export is the route handler under src/app whose path contains
 * "report" or "export" and whose source answers text/csv (BENCH_REPORT_CSV_PATH=/path/with/{policyId}
 * overrides). What is not built yet is skipped with one line, and measured as soon as it exists.
 */
import fs from "node:fs";
import path from "node:path";
import type { PrismaClient } from "@/generated/prisma/client";
import { startReportCsv } from "@/server/domain/reports/csv";
import { reportQuerySchema, type ReportSort } from "@/server/domain/reports/schema";
import { getReportPage, streamRows } from "@/server/domain/reports/service";
import { createPGliteBenchDb, pgliteSql } from "./db";
import { root, sampleRss } from "./processes";
import { seedBenchTenant } from "./seed";

const APP_DIR = path.join(root, "src", "app");
const REPORT_PAGE = path.join(APP_DIR, "(console)", "billing", "licenses", "auto-claim", "[id]", "report", "page.tsx");

export interface ReportTargets {
  page: { path: string } | { skipped: string };
  csv: { path: string } | { skipped: string };
}

function routeFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx|js)$/.test(d.name) ? [full] : [];
  });
}

/** URL path of a route file: route groups dropped, [id] or [policyId] → the policy id; null if other dynamic segments remain. */
export function urlPathOf(file: string, policyId: string): string | null {
  const segments = path
    .relative(APP_DIR, path.dirname(file))
    .split(path.sep)
    .filter((s) => s && !/^\(.*\)$/.test(s))
    .map((s) => (/^\[(id|policyId)\]$/.test(s) ? policyId : s));
  if (segments.some((s) => s.startsWith("["))) return null;
  return `/${segments.join("/")}`;
}

export function findReportTargets(policyId: string): ReportTargets {
  const pageBuilt = fs.existsSync(REPORT_PAGE) && !/NotBuiltYet/.test(fs.readFileSync(REPORT_PAGE, "utf8"));
  const page = pageBuilt
    ? { path: `/billing/licenses/auto-claim/${policyId}/report` }
    : { skipped: "report page not built: skipped (src/app/(console)/billing/licenses/auto-claim/[id]/report/page.tsx still shows NotBuiltYet)" };

  const override = process.env.BENCH_REPORT_CSV_PATH;
  if (override) return { page, csv: { path: override.replace("{policyId}", policyId) } };
  const candidates = routeFiles(APP_DIR)
    .filter((f) => /report|export/i.test(path.relative(APP_DIR, f)))
    .filter((f) => /text\/csv/.test(fs.readFileSync(f, "utf8")));
  const urls = candidates.map((f) => urlPathOf(f, policyId)).filter((u): u is string => u !== null);
  const csv = urls.length
    ? // The report's own export (…/report) before other CSVs of the policy (e.g. a reclaim dry run's).
      { path: urls.find((u) => u.includes(policyId) && u.endsWith("/report")) ?? urls.find((u) => u.includes(policyId)) ?? urls[0] }
    : {
        skipped:
          "CSV export not built: skipped (no route handler under src/app answering text/csv for the report; BENCH_REPORT_CSV_PATH=/…/{policyId} names one)",
      };
  return { page, csv };
}

/**
 * fetch, retried once when the connection fails before an answer: a keep-alive socket that the
 * server closed while idle (e.g. after the storm's 1,000 connections) makes undici fail the next
 * request on it.
 */
async function fetchRetry(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return fetch(url, init);
  }
}

/** Signs in with next-auth's credentials provider (demo mode); returns the Cookie header of the session. */
export async function signIn(baseUrl: string, username: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfRes = await fetchRetry(`${baseUrl}/api/auth/csrf`);
  keep(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetchRetry(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, username, password, callbackUrl: `${baseUrl}/`, json: "true" }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.endsWith("next-auth.session-token"))) {
    throw new Error(`sign-in as ${username} failed (status ${res.status}, ${res.headers.get("location") ?? "no redirect"})`);
  }
  return cookie();
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

export interface PageTiming {
  requests: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  bytes: number;
}

/** `n` sequential GETs of the page (full HTML body), signed in. */
export async function timePage(baseUrl: string, pagePath: string, cookie: string, n: number): Promise<PageTiming> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const res = await fetchRetry(`${baseUrl}${pagePath}`, { headers: { cookie }, redirect: "manual" });
    const html = await res.text();
    times.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`report page answered ${res.status} (${res.headers.get("location") ?? ""})`);
    if (html.includes('data-testid="not-built-yet"')) throw new Error("report page still renders the NotBuiltYet placeholder");
    bytes = html.length;
  }
  times.sort((a, b) => a - b);
  return { requests: n, p50Ms: percentile(times, 50), p99Ms: percentile(times, 99), maxMs: times[times.length - 1], bytes };
}

export interface CsvTiming {
  ms: number;
  rows: number;
  bytes: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  rssGrowthMb: number;
}

/** The whole export, streamed and counted, while sampling the server's VmRSS. */
export async function timeCsv(baseUrl: string, csvPath: string, cookie: string, serverPid: number): Promise<CsvTiming> {
  const { result, beforeMb, peakMb } = await sampleRss(serverPid, async () => {
    const started = performance.now();
    const res = await fetchRetry(`${baseUrl}${csvPath}`, { headers: { cookie }, redirect: "manual" });
    if (res.status !== 200 || !res.body) throw new Error(`CSV export answered ${res.status}`);
    let newlines = 0;
    let bytes = 0;
    let last = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (const b of chunk) if (b === 10) newlines++;
      last = chunk[chunk.length - 1] ?? last;
    }
    // Lines = newlines (+1 if the last line has none); rows = lines − the header.
    const lines = newlines + (last !== 10 && bytes > 0 ? 1 : 0);
    return { ms: performance.now() - started, rows: Math.max(0, lines - 1), bytes };
  });
  return { ...result, rssBeforeMb: beforeMb, rssPeakMb: peakMb, rssGrowthMb: peakMb - beforeMb };
}

/** The report page's other orders and its search: what issue 18 asks to keep under 150 ms (PostgreSQL) / 500 ms (PGlite). */
export const REPORT_VARIANTS: { name: string; params: Record<string, string> }[] = [
  { name: "sort user", params: { sort: "user", dir: "asc" } },
  { name: "sort upn", params: { sort: "upn", dir: "desc" } },
  { name: "sort product", params: { sort: "product", dir: "asc" } },
  { name: "sort app", params: { sort: "app", dir: "asc" } },
  { name: "sort environment", params: { sort: "environment", dir: "desc" } },
  // The bench's people are "Bench User <n>" (bench.user<n>@…): a narrow search (~11 rows of 100,000) and a wide one (~11 %).
  { name: "search narrow", params: { q: "user 4242" } },
  { name: "search wide", params: { q: "user 9" } },
];

export interface VariantTiming {
  name: string;
  query: string;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Rows of the first page (in-process only): a sanity check that the variant matched something. */
  rows?: number;
}

const queryString = (params: Record<string, string>) => new URLSearchParams(params).toString();

/** Each variant's first page over HTTP (signed in), `n` sequential GETs each, as timePage does. */
export async function timePageVariants(baseUrl: string, pagePath: string, cookie: string, n: number): Promise<VariantTiming[]> {
  const out: VariantTiming[] = [];
  for (const v of REPORT_VARIANTS) {
    const query = queryString(v.params);
    const t = await timePage(baseUrl, `${pagePath}?${query}`, cookie, n);
    out.push({ name: v.name, query, requests: t.requests, p50Ms: t.p50Ms, p99Ms: t.p99Ms, maxMs: t.maxMs });
  }
  return out;
}

/**
 * Each variant's first page in-process through the domain function the page calls (getReportPage:
 * the chart, the total and the rows), `n` sequential calls each — for PGlite, which has no server
 * to send requests to; the default order first, as the baseline.
 */
export async function timeReportQueries(db: PrismaClient, tenantId: string, policyId: string, n: number): Promise<VariantTiming[]> {
  const out: VariantTiming[] = [];
  for (const v of [{ name: "sort assigned at (default)", params: {} }, ...REPORT_VARIANTS]) {
    const query = reportQuerySchema.parse(v.params);
    await getReportPage(db, tenantId, policyId, query); // warm-up (plans, caches)
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < n; i++) {
      const started = performance.now();
      rows = (await getReportPage(db, tenantId, policyId, query)).rows.length;
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    out.push({
      name: v.name,
      query: queryString(v.params),
      requests: n,
      p50Ms: percentile(times, 50),
      p99Ms: percentile(times, 99),
      maxMs: times[times.length - 1],
      rows,
    });
  }
  return out;
}

export interface InProcessCsvTiming {
  sort: string;
  ms: number;
  rows: number;
  bytes: number;
  heapGrowthMb: number;
  rssGrowthMb: number;
}

/** The export's stream in-process (the route's own domain calls), read to the end: time, size, and this process's memory growth. */
export async function timeCsvInProcess(db: PrismaClient, tenantId: string, policyId: string, sort: ReportSort = "assignedAt"): Promise<InProcessCsvTiming> {
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage().rss;
  let heapPeak = heapBefore;
  let rssPeak = rssBefore;
  const started = performance.now();
  const stream = await startReportCsv(streamRows(db, { tenantId, policyId, filter: { range: "all", q: "" }, asOf: new Date() }, { sort, dir: "desc" }));
  let bytes = 0;
  let newlines = 0;
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) newlines++;
    const m = process.memoryUsage();
    heapPeak = Math.max(heapPeak, m.heapUsed);
    rssPeak = Math.max(rssPeak, m.rss);
  }
  const ms = performance.now() - started;
  return { sort, ms, rows: newlines - 1, bytes, heapGrowthMb: (heapPeak - heapBefore) / 1e6, rssGrowthMb: (rssPeak - rssBefore) / 1e6 };
}

/**
 * The report's orders and search on PGlite in-process: a fresh in-memory PGlite with a tenant of
 * `assignments` auto-claimed licences (one launch each), timed through getReportPage.
 */
export async function timeReportQueriesOnPGlite(assignments: number, n: number, progress: (line: string) => void = () => {}): Promise<VariantTiming[]> {
  const lite = await createPGliteBenchDb();
  try {
    const { world } = await seedBenchTenant(pgliteSql(lite.pglite!), { users: assignments, assignments, launches: assignments }, progress);
    return await timeReportQueries(lite.prisma, world.tenantId, world.policies.powerApps, n);
  } finally {
    await lite.close();
  }
}
