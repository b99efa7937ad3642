/**
 * After each test file: every statement its test databases sent names its tenant, or is on an
 * allowlist of tests/setup/tenant-predicates.ts (ADR 33). A failure lists each statement with its
 * signature and what it lacks.
 */
import { appendFileSync } from "node:fs";
import { afterAll, expect } from "vitest";
import { checkStatements, collectedStatements, collectedTenantTables, loadParser, unlisted } from "./tenant-predicates";

afterAll(async () => {
  const statements = collectedStatements();
  const tables = collectedTenantTables();
  if (statements.length === 0 || !tables) return;
  await loadParser();
  const found = unlisted(checkStatements(statements, tables));
  if (found.length === 0) return;
  // TENANT_PREDICATES_REPORT=<file> also appends them as JSON lines, to gather a folder's at once.
  const report = process.env.TENANT_PREDICATES_REPORT;
  if (report) appendFileSync(report, found.map((v) => JSON.stringify({ file: expect.getState().testPath, ...v }) + "\n").join(""));
  const lines = found.map((v) => `- ${v.signature}: ${v.problem}\n    ${v.sql.replace(/\s+/g, " ").slice(0, 600)}`);
  throw new Error(
    `${found.length} statement(s) on a tenant table without a "tenantId" predicate (ADR 33; fix the query, or list it in tests/setup/tenant-predicates.ts):\n${lines.join("\n")}`,
  );
});
