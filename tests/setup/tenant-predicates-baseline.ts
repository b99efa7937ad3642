/**
 * Writes tests/setup/tenant-predicates-pending.ts from a run's report (ADR 33):
 *
 *   TENANT_PREDICATES_REPORT=/tmp/tp.jsonl npx vitest run <files>   # every violation, one JSON line each
 *   npx tsx tests/setup/tenant-predicates-baseline.ts /tmp/tp.jsonl  # re-checked with today's rule, grouped
 *
 * The owner of a raw statement is the source file its text is found in; a statement Prisma wrote
 * is owned by the folder of the test file that sent it when that is a domain folder, else it is
 * "unattributed" and names the test file. Entries already in CROSS_TENANT are left out.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { checkStatement, CROSS_TENANT, loadParser, statementSignature } from "./tenant-predicates";

const root = path.resolve(import.meta.dirname, "../..");
const report = process.argv[2];
if (!report) throw new Error("usage: tsx tests/setup/tenant-predicates-baseline.ts <report.jsonl>");

const tables = new Set(
  [...readFileSync(path.join(root, "prisma/schema.prisma"), "utf8").matchAll(/^model (\w+) \{([^}]*)\}/gm)]
    .filter((m) => /^\s+tenantId\s/m.test(m[2]!))
    .map((m) => m[1]!),
);

function owner(sql: string, seenIn: string): string {
  const raw = !/^\s*(SELECT|UPDATE|DELETE FROM|INSERT INTO) "public"\./.test(sql) && !sql.startsWith("SELECT COUNT(*) AS");
  if (raw) {
    const line = sql
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l.length > 25 && !l.includes("$"));
    if (line) {
      try {
        const found = execFileSync("git", ["grep", "-l", "-F", line.slice(0, 60), "--", "src", "prisma/seed", "tests", "scripts"], {
          cwd: root,
          encoding: "utf8",
        })
          .split("\n")
          .filter((f) => f && !f.includes(".test."));
        if (found[0]) return folderOf(found[0]);
      } catch {
        // not found: fall through
      }
    }
  }
  const domain = /^src\/server\/domain\/([\w-]+)\//.exec(seenIn);
  if (domain) return `src/server/domain/${domain[1]} (Prisma; by its test)`;
  return `unattributed (Prisma; seen in ${seenIn})`;
}

function folderOf(file: string): string {
  const m = /^(src\/server\/domain\/[\w-]+|src\/server\/[\w-]+|src\/app\/[^/]+|prisma\/seed|tests|scripts)/.exec(file);
  return m ? m[1]! : file;
}

await loadParser();
const allowed = new Set(CROSS_TENANT.map((a) => a.signature));
const bySignature = new Map<string, { owner: string; why: string; seenIn: string; sql: string }>();
for (const line of readFileSync(report, "utf8").split("\n")) {
  if (!line.trim()) continue;
  const v = JSON.parse(line) as { file: string; sql: string };
  const signature = statementSignature(v.sql);
  if (allowed.has(signature) || bySignature.has(signature)) continue;
  const problems = checkStatement(v.sql, tables);
  if (problems.length === 0) continue;
  const seenIn = path.relative(root, v.file);
  bySignature.set(signature, { owner: owner(v.sql, seenIn), why: problems.join("; "), seenIn, sql: v.sql.replace(/\s+/g, " ").trim().slice(0, 140) });
}

const entries = [...bySignature].sort(([a, x], [b, y]) => x.owner.localeCompare(y.owner) || a.localeCompare(b));
const body = entries
  .map(
    ([signature, e]) =>
      `  { signature: ${JSON.stringify(signature)}, owner: ${JSON.stringify(e.owner)}, why: ${JSON.stringify(e.why)}, sql: ${JSON.stringify(e.sql)} },`,
  )
  .join("\n");
writeFileSync(
  path.join(root, "tests/setup/tenant-predicates-pending.ts"),
  `/**
 * Statements still to fix (ADR 33): each names no tenant today. Written by
 * tests/setup/tenant-predicates-baseline.ts from a run's report; entries are removed as their
 * statements gain a "tenantId" predicate (a stale entry passes; a new unlisted statement fails).
 * \`owner\`: the folder whose code sends it (raw SQL found in that folder's source; for a statement
 * Prisma wrote, the folder of the test that sent it, or "unattributed" with the test file).
 */
export const PENDING_STATEMENTS: { signature: string; owner: string; why: string; sql: string }[] = [
${body}
];
`,
);
console.log(`${entries.length} statements pending`);
