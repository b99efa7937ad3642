/**
 * The tenant-predicate check itself (tests/setup/tenant-predicates.ts, ADR 33): statements that must
 * pass and statements that must fail, in the shapes Prisma and our raw SQL send.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checkStatement, checkStatements, CROSS_TENANT, loadParser, PENDING, statementSignature, unlisted } from "../setup/tenant-predicates";

/** The models of prisma/schema.prisma with a tenantId field (the check itself reads the database). */
const schema = readFileSync(path.resolve(import.meta.dirname, "../../prisma/schema.prisma"), "utf8");
const TENANT = new Set([...schema.matchAll(/^model (\w+) \{([^}]*)\}/gm)].filter((m) => /^\s+tenantId\s/m.test(m[2]!)).map((m) => m[1]!));

const L = `"public"."Launch"`;
const check = (sql: string) => checkStatement(sql, TENANT);

beforeAll(async () => {
  await loadParser();
});

describe("the schema's tenant tables", () => {
  it("include the tables the examples use and not the ones without a tenant column", () => {
    for (const t of ["Launch", "User", "Product", "LicenseAssignment", "ApiToken", "EmailOutbox"]) expect(TENANT).toContain(t);
    for (const t of ["Tenant", "GroupMember", "PolicyProduct", "ServicePlan"]) expect(TENANT).not.toContain(t);
  });
});

describe("statements that pass", () => {
  it.each([
    [`SELECT ${L}."id" FROM ${L} WHERE (${L}."id" = $1 AND ${L}."tenantId" = $2) LIMIT $3 OFFSET $4`],
    [`SELECT * FROM "Launch" WHERE "tenantId" = $1::text`],
    [`SELECT * FROM "Launch" l WHERE l."tenantId" IN ($1, $2)`],
    [`SELECT * FROM "Launch" l WHERE l."tenantId" = ANY($1)`],
    [`SELECT * FROM "Launch" l WHERE 'contoso' = l."tenantId"`],
    // A join to User constrained only through Launch.
    [`SELECT l.id FROM "Launch" l JOIN "User" u ON u."id" = l."userId" WHERE l."tenantId" = $1`],
    [`SELECT l.id FROM "Launch" l LEFT JOIN "User" AS j1 ON j1."id" = l."userId" WHERE l."tenantId" = $1 AND l."id" = $2`],
    // An equality chain: Product ← LicenseAssignment ← User (constrained).
    [`SELECT 1 FROM "Product" p, "LicenseAssignment" a, "User" u WHERE p.id = a."productId" AND a."userId" = u.id AND u."tenantId" = $1`],
    // A table without tenantId needs nothing.
    [`SELECT * FROM "PolicyProduct" WHERE "policyId" = $1`],
    [`SELECT * FROM "public"."Tenant" WHERE "id" = $1`],
    [`INSERT INTO "public"."Launch" ("id","tenantId","userId") VALUES ($1,$2,$3) RETURNING "public"."Launch"."id"`],
    [`INSERT INTO "PolicyProduct" ("policyId","productId") VALUES ($1,$2) ON CONFLICT DO NOTHING`],
    [`UPDATE "public"."Product" SET "consumedUnits" = "consumedUnits" + 1 WHERE ("public"."Product"."id" = $1 AND "public"."Product"."tenantId" = $2)`],
    [`DELETE FROM "public"."LicenseAssignment" WHERE ("id" = $1 AND "tenantId" = $2)`],
    // A relation filter Prisma writes as IN (subquery), the subquery constrained.
    [`SELECT * FROM "Product" p WHERE p.id IN (SELECT t0."productId" FROM "LicenseAssignment" t0 WHERE t0."tenantId" = $1)`],
    // A correlated EXISTS constrained through its outer row.
    [`SELECT * FROM "User" u WHERE u."tenantId" = $1 AND EXISTS (SELECT 1 FROM "LicenseAssignment" a WHERE a."userId" = u.id)`],
    // CTEs: the CTE's name is not a table; the CTE's own statement is checked.
    [`WITH x AS (SELECT id FROM "User" WHERE "tenantId" = $1) SELECT * FROM x JOIN "Launch" l ON l."userId" = x.id AND l."tenantId" = $1`],
    [
      `WITH p AS (UPDATE "Product" SET "consumedUnits" = "consumedUnits" + 1 WHERE id = $1 AND "tenantId" = $2 RETURNING id) INSERT INTO "Launch" ("id","tenantId") SELECT $3, $2 FROM p`,
    ],
    [`UPDATE "EmailOutbox" o SET "leasedUntil" = now() FROM "Notification" n WHERE o."notificationId" = n.id AND o."tenantId" = $1`],
    // Prisma's include over no parent rows: never true, reads nothing.
    [`SELECT "public"."Product"."id" FROM "public"."Product" WHERE "public"."Product"."id" IN (NULL) OFFSET $1`],
    [`SELECT claim_launch($1, $2, $3)`],
    [`BEGIN`],
    [`COMMIT`],
    [`SELECT 1`],
  ])("%s", (sql) => {
    expect(check(sql)).toEqual([]);
  });
});

describe("statements that fail", () => {
  it.each([
    [`SELECT ${L}."id" FROM ${L} WHERE ${L}."id" = $1`, `reads "Launch" without a "tenantId" predicate`],
    [`SELECT * FROM "Launch" WHERE "id" = $1`, `reads "Launch"`],
    [`SELECT * FROM "Launch" l WHERE l."tenantId" IS NOT NULL`, `reads "Launch" (as l)`],
    [`SELECT * FROM "Launch" l WHERE l."id" IN ($1, NULL)`, `reads "Launch" (as l)`],
    [`SELECT * FROM "Launch" l WHERE l."tenantId" = $1 OR l."id" = $2`, `reads "Launch" (as l)`],
    // Constrained through a column that is not an equality with a constrained table.
    [`SELECT * FROM "Launch" l JOIN "User" u ON u.id <> l."userId" WHERE l."tenantId" = $1`, `reads "User" (as u)`],
    // Two tenant tables, only one constrained and no join between them.
    [`SELECT * FROM "Launch" l, "User" u WHERE l."tenantId" = $1`, `reads "User" (as u)`],
    [`UPDATE "public"."Launch" SET "status" = $1 WHERE "public"."Launch"."id" = $2`, `updates "Launch"`],
    [`DELETE FROM "User" WHERE id = $1`, `deletes from "User"`],
    [`INSERT INTO "Launch" ("id","userId") VALUES ($1,$2)`, `inserts into "Launch" without "tenantId"`],
    // Inside a subquery, a CTE, a UNION, a derived table, a subselect in the select list.
    [
      `SELECT * FROM "Product" p WHERE p."tenantId" = $1 AND p.id IN (SELECT "productId" FROM "LicenseAssignment" WHERE "userId" = $2)`,
      `reads "LicenseAssignment"`,
    ],
    [`WITH x AS (SELECT id FROM "User" WHERE id = $1) SELECT * FROM x`, `reads "User"`],
    [`SELECT id FROM "User" WHERE "tenantId" = $1 UNION SELECT id FROM "Launch" WHERE id = $2`, `reads "Launch"`],
    [`SELECT * FROM (SELECT * FROM "Launch" WHERE id = $1) d`, `reads "Launch"`],
    [`SELECT (SELECT count(*) FROM "Launch") AS n FROM "User" WHERE "tenantId" = $1`, `reads "Launch"`],
    // A statement the parser cannot read fails loudly.
    [`SELEC * FROM "Launch"`, `cannot be parsed`],
  ])("%s", (sql, problem) => {
    const problems = check(sql);
    expect(problems.join("\n")).toContain(problem);
  });
});

describe("the allowlists", () => {
  it("name each statement once, with a reason (and an owning folder for those still to fix)", () => {
    const all = [...CROSS_TENANT, ...PENDING];
    expect(new Set(all.map((a) => a.signature)).size).toBe(all.length);
    for (const a of all) {
      expect(a.signature).toMatch(/^[A-Z]+ [\w-]+ #[0-9a-f]{10}$/);
      expect(a.why.length).toBeGreaterThan(10);
    }
    for (const p of PENDING) expect(p.owner.length).toBeGreaterThan(0);
  });

  it("let through only the statements they list: a new one fails", () => {
    const listed = `SELECT "public"."ApiToken"."id", "public"."ApiToken"."tenantId", "public"."ApiToken"."name", "public"."ApiToken"."scopes", "public"."ApiToken"."revokedAt", "public"."ApiToken"."lastUsedAt" FROM "public"."ApiToken" WHERE ("public"."ApiToken"."tokenHash" = $1 AND 1=1) LIMIT $2 OFFSET $3`;
    expect(CROSS_TENANT.map((a) => a.signature)).toContain(statementSignature(listed));
    const fresh = `SELECT "public"."ApiToken"."id" FROM "public"."ApiToken" WHERE "public"."ApiToken"."prefix" = $1`;
    const found = unlisted(checkStatements([listed, fresh], TENANT));
    expect(found.map((v) => v.sql)).toEqual([fresh]);
  });

  it("sign statements by shape: parameters and IN-list lengths do not change the signature", () => {
    expect(statementSignature(`SELECT * FROM "Launch" WHERE id IN ($1, $2) AND "tenantId" = $3`)).toBe(
      statementSignature(`SELECT  *  FROM "Launch" WHERE id IN ($1,$2,$3,$4) AND "tenantId" = $5`),
    );
    expect(statementSignature(`SELECT * FROM "public"."Launch" WHERE id = $1`)).toMatch(/^SELECT Launch #/);
  });
});
