/**
 * Issue 18's goals, read off one run's results: each with the goal, what this run measured, the
 * same-run ratio where there is one, and whether it was met. Printed first and stored in the JSON;
 * docs/benchmarks.md's summary table is this, from a quiet run.
 */
export interface Goal {
  measurement: string;
  goal: string;
  today: string;
  met: boolean | null;
}

interface Load {
  requestsPerSecond: number;
  p99Ms: number;
}
interface Storm {
  users: number;
  units: number;
  ms: number;
  engine: string;
  processes: number;
  invariant: { ok: boolean };
}
export interface GoalInput {
  launchLicensed?: { launch: Load; bare: Load; ratios: { launchOverBare: number } };
  launchClaim?: Load & { bare?: Load; ratios?: { claimOverBareClaim: number; claimOverLicensedLaunch: number } };
  storms?: Storm[];
  reports?: {
    page: { p50Ms: number } | { skipped: string };
    csv: { ms: number; rows: number; rssGrowthMb: number } | { skipped: string };
    variants?: Record<string, { name: string; p50Ms: number }[]>;
  };
  seed?: { assignments: number; assignmentsMs: number; singleStatement: { rows: number; ms: number }[] };
}

const f = (x: number, d = 2) => x.toFixed(d);
const n = (x: number) => Math.round(x).toLocaleString("en");

export function goalsOf(r: GoalInput): Goal[] {
  const out: Goal[] = [];
  const l = r.launchLicensed;
  if (l)
    out.push({
      measurement: "licensed launch / bare node:http + pg",
      goal: "≥ 0.50",
      today: `${n(l.launch.requestsPerSecond)} / ${n(l.bare.requestsPerSecond)} req/s = ${f(l.ratios.launchOverBare)}`,
      met: l.ratios.launchOverBare >= 0.5,
    });
  const c = r.launchClaim;
  if (c?.ratios && c.bare) {
    out.push({
      measurement: "claim path / licensed launch",
      goal: "≥ 0.80",
      today: `${n(c.requestsPerSecond)} req/s, p99 ${n(c.p99Ms)} ms = ${f(c.ratios.claimOverLicensedLaunch)}`,
      met: c.ratios.claimOverLicensedLaunch >= 0.8,
    });
    out.push({
      measurement: "claim path / bare claim (same statement)",
      goal: "(baseline)",
      today: `${n(c.requestsPerSecond)} / ${n(c.bare.requestsPerSecond)} req/s = ${f(c.ratios.claimOverBareClaim)}`,
      met: null,
    });
  }
  const small = r.storms?.find((s) => s.engine === "postgres" && s.processes === 2);
  for (const s of r.storms ?? []) {
    const where = s.engine === "pglite" ? "PGlite" : `PostgreSQL, ${s.processes} processes`;
    const ratio = small && s !== small ? ` (${f(s.ms / small.ms)} × the ${n(small.users)}-user storm on 2 processes)` : "";
    const goal = s.users <= 1_000 && s.processes <= 2 ? "< 2 s, invariants held" : "invariants held";
    out.push({
      measurement: `storm: ${n(s.users)} users at once for ${n(s.units)} units, ${where}`,
      goal,
      today: `${f(s.ms / 1000, 1)} s${ratio}${s.invariant.ok ? "" : ", INVARIANT BROKEN"}`,
      met: s.invariant.ok && (goal.startsWith("<") ? s.ms < 2_000 : true),
    });
  }
  const csv = r.reports?.csv;
  if (csv && !("skipped" in csv))
    out.push({
      measurement: `CSV export of ${n(csv.rows)} report rows`,
      goal: "< 2 s, memory flat",
      today: `${f(csv.ms / 1000, 1)} s, server RSS +${n(csv.rssGrowthMb)} MB`,
      met: csv.ms < 2_000,
    });
  const seed = r.seed;
  if (seed) {
    const per = (p: { rows: number; ms: number }) => p.ms / p.rows;
    const first = seed.singleStatement[0];
    const last = seed.singleStatement.at(-1);
    if (first && last && last !== first) {
      const ratio = per(last) / per(first);
      out.push({
        measurement: `assignments in one statement: ${n(first.rows)} → ${n(last.rows)} rows`,
        goal: "per-row cost ≤ 1.2 ×",
        today: `${f(per(first) * 1000, 0)} → ${f(per(last) * 1000, 0)} µs/row = ${f(ratio)} ×`,
        met: ratio <= 1.2,
      });
    }
    out.push({
      measurement: `${n(seed.assignments)} assignments, seed (through the triggers)`,
      goal: "≤ 5 s",
      today: `${f(seed.assignmentsMs / 1000, 1)} s`,
      met: seed.assignmentsMs <= 5_000,
    });
  }
  const page = r.reports?.page;
  if (page && !("skipped" in page))
    out.push({ measurement: "report page (assigned at), PostgreSQL", goal: "p50 < 150 ms", today: `p50 ${n(page.p50Ms)} ms`, met: page.p50Ms < 150 });
  for (const [where, list] of Object.entries(r.reports?.variants ?? {})) {
    if (list.length === 0) continue;
    const limit = where === "pglite" ? 500 : 150;
    const worst = list.reduce((a, b) => (b.p50Ms > a.p50Ms ? b : a));
    out.push({
      measurement: `report page, other orders and search, ${where === "pglite" ? "PGlite" : "PostgreSQL"}`,
      goal: `p50 < ${limit} ms each`,
      today: `worst: ${worst.name} p50 ${n(worst.p50Ms)} ms`,
      met: worst.p50Ms < limit,
    });
  }
  return out;
}

/** The goals as a Markdown table (docs/benchmarks.md's summary). */
export function goalsMarkdown(goals: Goal[]): string {
  const mark = (m: boolean | null) => (m === null ? "—" : m ? "met" : "**not met**");
  return [
    "| measurement | goal | this run | |",
    "|---|---|---|---|",
    ...goals.map((g) => `| ${g.measurement} | ${g.goal} | ${g.today} | ${mark(g.met)} |`),
  ].join("\n");
}
