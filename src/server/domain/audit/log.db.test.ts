/** The Audit log page's reads: filters by actor, action and UTC day; keyset pages both ways; before → after. */
import { beforeAll, describe, expect, it } from "vitest";
import { createTenant } from "../../../../tests/factories";
import { useTestDb } from "../../../../tests/setup/db";
import { auditFilterOptions, changedFields, listAuditEntries, AUDIT_PAGE_SIZE } from "./log";
import { parseSearchParams } from "@/lib/search-params";
import { encodeCursor } from "../reports/cursor";
import { auditQuerySchema } from "./schema";

const t = useTestDb();
let tenantId: string;
/** The page's parse: a bad parameter is dropped (its default applies) and reported. */
const q = (params: Record<string, string>) => parseSearchParams(auditQuerySchema, params).data;

beforeAll(async () => {
  tenantId = (await createTenant(t.prisma)).id;
  const base = Date.parse("2026-11-01T12:00:00Z");
  await t.prisma.auditEntry.createMany({
    data: Array.from({ length: 120 }, (_, i) => ({
      tenantId,
      actorLabel: i % 2 === 0 ? "admin@x.example" : "System",
      action: i % 3 === 0 ? "license.unassigned" : "group.memberAdded",
      targetType: "User",
      summary: `entry ${i}`,
      createdAt: new Date(base + Math.floor(i / 10) * 86_400_000),
    })),
  });
});

describe("listAuditEntries", () => {
  it("filters by actor, action and inclusive UTC days", async () => {
    expect((await listAuditEntries(t.prisma, tenantId, q({}))).total).toBe(120);
    expect((await listAuditEntries(t.prisma, tenantId, q({ actor: "System" }))).total).toBe(60);
    expect((await listAuditEntries(t.prisma, tenantId, q({ action: "license.unassigned" }))).total).toBe(40);
    expect((await listAuditEntries(t.prisma, tenantId, q({ from: "2026-11-02", to: "2026-11-03" }))).total).toBe(20);
    expect((await listAuditEntries(t.prisma, tenantId, q({ from: "not a date" }))).total).toBe(120);
    // From after To: not an empty page — the dates are set aside (the page says why beside From).
    expect((await listAuditEntries(t.prisma, tenantId, q({ from: "2026-11-03", to: "2026-11-02" }))).total).toBe(120);
  });

  it("reads each entry in words, with the names of what it refers to", async () => {
    const own = await createTenant(t.prisma);
    const user = await t.prisma.user.create({
      data: { tenantId: own.id, displayName: "Adele Vance", userPrincipalName: `adele@${own.domain}`, givenName: "Adele", surname: "Vance" },
    });
    await t.prisma.auditEntry.create({
      data: { tenantId: own.id, actorLabel: "admin", action: "user.licenses", targetType: "User", targetId: user.id, summary: "s", before: {}, after: {} },
    });
    const [row] = (await listAuditEntries(t.prisma, own.id, q({}))).rows;
    expect(row.view.title).toBe("Changed the licenses of Adele Vance");
  });

  it("ignores, with a message, what a URL can carry but the database cannot take: U+0000, year 0, a 3000-character cursor", async () => {
    const bad = { action: "\u0000", actor: "a\uD800", from: "0000-01-01", to: "2026-02-30", after: "a".repeat(3000) };
    const { data, problems } = parseSearchParams(auditQuerySchema, bad);
    expect(Object.keys(problems).sort()).toEqual(["action", "actor", "after", "from", "to"]);
    expect((await listAuditEntries(t.prisma, tenantId, data)).total).toBe(120);
    // Cursors that decode but could not be compared in the database are the first page.
    for (const value of ["0000-01-01T00:00:00.000Z", "-001000-01-01T00:00:00.000Z", "a\u0000"]) {
      const after = encodeCursor({ value, id: "00000000-0000-4000-8000-000000000000" });
      expect((await listAuditEntries(t.prisma, tenantId, q({ after }))).newer).toBeNull();
    }
  });

  it("pages older and newer by keyset, each entry once, newest first", async () => {
    const seen: string[] = [];
    let page = await listAuditEntries(t.prisma, tenantId, q({}));
    expect(page.newer).toBeNull();
    const first = page.rows.map((r) => r.id);
    seen.push(...first);
    while (page.older) {
      page = await listAuditEntries(t.prisma, tenantId, q({ after: page.older }));
      seen.push(...page.rows.map((r) => r.id));
    }
    expect(new Set(seen).size).toBe(120);
    expect(page.rows.length).toBe(120 - 2 * AUDIT_PAGE_SIZE);
    const second = await listAuditEntries(t.prisma, tenantId, q({ after: (await listAuditEntries(t.prisma, tenantId, q({}))).older! }));
    const back = await listAuditEntries(t.prisma, tenantId, q({ before: second.newer! }));
    expect(back.rows.map((r) => r.id)).toEqual(first);
    expect(back.newer).toBeNull();
  });

  it("offers the actors and actions that occur", async () => {
    const options = await auditFilterOptions(t.prisma, tenantId);
    expect([...options.actors].sort()).toEqual(["System", "admin@x.example"].sort()); // order follows the database's collation
    expect(options.actions).toEqual(["group.memberAdded", "license.unassigned"]);
  });
});

describe("changedFields", () => {
  it("lists the keys whose values differ", () => {
    expect(changedFields({ source: "AUTO_CLAIM", product: "P" }, { source: "GROUP", product: "P", group: "G" })).toEqual([
      { key: "source", before: "AUTO_CLAIM", after: "GROUP" },
      { key: "group", before: null, after: "G" },
    ]);
    expect(changedFields(null, null)).toEqual([]);
    expect(changedFields({ a: 1 }, null)).toEqual([{ key: "a", before: 1, after: null }]);
  });
});
