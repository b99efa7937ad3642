/**
 * The policy report's reads: ranges, search, every order, keyset pages forwards and backwards
 * covering each row exactly once, the count and the chart agreeing, and the CSV stream.
 */
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../../../tests/factories";
import { createClaim, createReportWorld, type ReportWorld } from "../../../../tests/report-world";
import { useTestDb } from "../../../../tests/setup/db";
import { CSV_HEADER, neutraliseCell, reportCsvStream } from "./csv";
import { reportQuerySchema, REPORT_SORTS } from "./schema";
import { claimsPerDay, countRows, getReportPage, streamRows } from "./service";

const t = useTestDb();
const DAY = 24 * 3_600_000;
let w: ReportWorld;

/** A tenant whose policy made 30 claims spread over 120 days (one every 4 days), some with the same timestamp. */
async function createThirtyClaims(): Promise<ReportWorld> {
  const world = await createReportWorld(t.prisma, { people: 0, purchased: 100 });
  const now = Date.now();
  for (let i = 0; i < 30; i++) {
    const user = await createUser(t.prisma, world.tenant, { givenName: i % 3 === 0 ? "Zed" : "Amy", surname: `Claimer${String(i).padStart(2, "0")}` });
    await createClaim(t.prisma, world, user.id, world.productId, new Date(now - i * 4 * DAY - (i % 5 === 0 ? 0 : 1000)));
  }
  return world;
}

/** The tests that only read share one tenant; a test that adds claims makes its own. */
beforeAll(async () => {
  w = await createThirtyClaims();
});

const query = (params: Record<string, string | undefined>) => reportQuerySchema.parse(params);
const scope = (range: "1" | "7" | "30" | "90" | "all", q = "", world: ReportWorld = w) => ({
  tenantId: world.tenantId,
  policyId: world.policyId,
  filter: { range, q },
});

describe("the policy report", () => {
  it("counts each range and all time", async () => {
    expect(await countRows(t.prisma, scope("1"))).toBe(1);
    expect(await countRows(t.prisma, scope("7"))).toBe(2);
    expect(await countRows(t.prisma, scope("30"))).toBe(8);
    expect(await countRows(t.prisma, scope("90"))).toBe(23);
    expect(await countRows(t.prisma, scope("all"))).toBe(30);
  });

  it("defaults to 90 days, newest first, and falls back on unknown parameters", () => {
    expect(query({})).toMatchObject({ range: "90", sort: "assignedAt", dir: "desc", size: 50, page: 1, q: "" });
    expect(query({ range: "365", sort: "password", dir: "sideways", size: "7" })).toMatchObject({ range: "90", sort: "assignedAt", dir: "desc", size: 50 });
  });

  it("searches by name or UPN, case-insensitively, with % and _ taken literally", async () => {
    expect(await countRows(t.prisma, scope("all", "zed"))).toBe(10);
    expect(await countRows(t.prisma, scope("all", "CLAIMER07"))).toBe(1);
    expect(await countRows(t.prisma, scope("all", "%"))).toBe(0);
  });

  it("pages forwards and backwards in every order, each row exactly once", async () => {
    for (const sort of REPORT_SORTS) {
      for (const dir of ["asc", "desc"] as const) {
        const seen: string[] = [];
        let page = await getReportPage(t.prisma, w.tenantId, w.policyId, query({ range: "all", sort, dir, size: "25" }));
        const firstPage = page.rows.map((r) => r.id);
        seen.push(...firstPage);
        while (page.next) {
          page = await getReportPage(t.prisma, w.tenantId, w.policyId, query({ range: "all", sort, dir, size: "25", after: page.next, page: "2" }));
          seen.push(...page.rows.map((r) => r.id));
        }
        expect(new Set(seen).size, `${sort} ${dir}`).toBe(30);
        expect(seen).toHaveLength(30);
        // Back to the first page.
        const back = await getReportPage(t.prisma, w.tenantId, w.policyId, query({ range: "all", sort, dir, size: "25", before: page.previous! }));
        expect(
          back.rows.map((r) => r.id),
          `${sort} ${dir} back`,
        ).toEqual(firstPage);
        expect(back.previous).toBeNull();
        // The last page directly.
        const last = await getReportPage(t.prisma, w.tenantId, w.policyId, query({ range: "all", sort, dir, size: "25", last: "1" }));
        expect(last.rows.map((r) => r.id)).toEqual(seen.slice(25));
        expect(last).toMatchObject({ page: 2, pages: 2, next: null });
      }
    }
  });

  it("sorts by user name", async () => {
    const page = await getReportPage(t.prisma, w.tenantId, w.policyId, query({ range: "all", sort: "user", dir: "asc", size: "100" }));
    const names = page.rows.map((r) => r.displayName);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(page.rows[0]).toMatchObject({ productName: "Power Apps Premium", appName: "Inspections", environmentName: "Production" });
  });

  it("charts claims per day, every day of the range, adding up to the count", async () => {
    const days = await claimsPerDay(t.prisma, scope("30"));
    expect(days.length).toBeGreaterThanOrEqual(30);
    expect(days.reduce((n, d) => n + d.claims, 0)).toBe(8);
    expect(days.at(-1)!.day).toBe(new Date().toISOString().slice(0, 10));
  });

  it("ignores a cursor that does not decode", async () => {
    const page = await getReportPage(t.prisma, w.tenantId, w.policyId, query({ range: "all", after: "not-a-cursor" }));
    expect(page.rows).toHaveLength(30);
  });
});

describe("the CSV", () => {
  it("neutralises cells a spreadsheet would run as formulas", () => {
    for (const cell of ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"]) expect(neutraliseCell(cell)).toBe(`'${cell}`);
    expect(neutraliseCell("Ada Lovelace")).toBe("Ada Lovelace");
  });

  it("streams the whole filtered set with a BOM, CRLF, quoting, and a hostile display name neutralised", async () => {
    const own = await createThirtyClaims();
    const evil = await createUser(t.prisma, own.tenant, { displayName: '=HYPERLINK("http://evil.example","Click, me")', givenName: "Evil" });
    await createClaim(t.prisma, own, evil.id, own.productId);
    const body = await new Response(reportCsvStream(streamRows(t.prisma, scope("all", "", own), { sort: "assignedAt", dir: "desc" }, 7))).arrayBuffer();
    const bytes = new Uint8Array(body);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain("\r\n");
    const records: string[][] = parse(text, { bom: true });
    expect(records[0]).toEqual([...CSV_HEADER]);
    expect(records).toHaveLength(1 + 31);
    const row = records.find((r) => r[0].includes("HYPERLINK"))!;
    expect(row[0]).toBe(`'=HYPERLINK("http://evil.example","Click, me")`);
    // The ids a script needs: the user's object id (Entra's once provisioned with one) and the SKU id.
    const product = await t.prisma.product.findUniqueOrThrow({ where: { id: own.productId } });
    expect(row.slice(6)).toEqual([evil.id, product.skuId]);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""Click, me"")"`);
  });
});
