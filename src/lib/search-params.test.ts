import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { cursorParam, dayParam, isDay, MAX_PAGE, pageNumber, parseSearchParams, queryHref, searchText } from "./search-params";

describe("pageNumber", () => {
  it.each([
    ["99999999999999999999", MAX_PAGE],
    ["1e400", MAX_PAGE],
    ["-5", 1],
    ["0", 1],
    ["abc", 1],
    ["", 1],
    [undefined, 1],
    ["2.7", 2],
    [["3", "4"], 3],
  ])("%j → %d", (raw, page) => expect(pageNumber.parse(raw)).toBe(page));
});

describe("isDay", () => {
  it("is a real day of 1900–9999", () => {
    expect(isDay("2026-11-27")).toBe(true);
    expect(isDay("2024-02-29")).toBe(true);
    for (const bad of ["0000-01-01", "1899-12-31", "2026-02-30", "2026-13-01", "10000-01-01", "2026-1-1", "2026-11-27T00:00"])
      expect(isDay(bad), bad).toBe(false);
  });
});

const schema = z.object({ q: searchText(20), page: pageNumber, from: dayParam("From"), after: cursorParam(50) });

describe("parseSearchParams", () => {
  it("drops each bad parameter, keeps the others, and says why beside its name", () => {
    const { data, problems } = parseSearchParams(schema, { q: "a\u0000", page: "3", from: "0000-01-01", after: "x".repeat(51) });
    expect(data).toEqual({ q: "", page: 3, from: "", after: undefined });
    expect(Object.keys(problems).sort()).toEqual(["after", "from", "q"]);
  });
  it("never throws, whatever the URL carries", () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom("q", "page", "from", "after", "other"),
          fc.oneof(fc.string({ unit: "binary" }), fc.array(fc.string({ unit: "binary" })), fc.constant(undefined)),
        ),
        (raw) => {
          const { data } = parseSearchParams(schema, raw);
          expect(data.page).toBeGreaterThanOrEqual(1);
          expect(data.page).toBeLessThanOrEqual(MAX_PAGE);
        },
      ),
      { numRuns: 300 },
    );
  });
  it("reads URLSearchParams (repeated keys: the first)", () => {
    expect(parseSearchParams(schema, new URLSearchParams("q=a&q=b&page=2")).data).toMatchObject({ q: "a", page: 2 });
  });
});

describe("queryHref", () => {
  const defaults = { range: "90", sort: "assignedAt", size: 50 };
  it("is the bare path when everything is a default or empty", () => {
    expect(queryHref("/report", { range: "90", q: "", sort: "assignedAt", size: 50, after: undefined, before: null, last: false }, defaults)).toBe("/report");
  });
  it("carries only what differs from the defaults, in the order given; true is 1", () => {
    expect(queryHref("/report", { range: "7", q: "ada", sort: "assignedAt", size: 100, page: 3, last: true }, defaults)).toBe(
      "/report?range=7&q=ada&size=100&page=3&last=1",
    );
    expect(queryHref("/p", { source: "all", after: "c1" }, { source: "all" })).toBe("/p?after=c1");
  });
  it("encodes what it carries, so a value never becomes another parameter", () => {
    const href = queryHref("/p", { q: "a&b=c #1 é" });
    expect(href).toBe("/p?q=a%26b%3Dc+%231+%C3%A9");
    expect(new URL(href, "http://x").searchParams.get("q")).toBe("a&b=c #1 é");
    expect([...new URL(href, "http://x").searchParams.keys()]).toEqual(["q"]);
  });
  it("keeps 0 and other falsy numbers that are not the default", () => {
    expect(queryHref("/p", { page: 0 }, { page: 1 })).toBe("/p?page=0");
  });
});
