import { describe, expect, it } from "vitest";
import { checkQuery, InputTextError, MAX_PARAM_LENGTH, routeParams } from "./route-params";

describe("routeParams", () => {
  it("is empty for a static route, whose params promise resolves to undefined", async () => {
    expect(await routeParams({ params: Promise.resolve(undefined) })).toEqual({});
    expect(await routeParams(undefined)).toEqual({});
  });
  it("joins catch-all segments", async () => {
    expect(await routeParams({ params: Promise.resolve({ id: "u1", segments: ["a", "b"] }) })).toEqual({ id: "u1", segments: "a/b" });
  });
  it("keeps what decoding may legitimately produce: % _ \\ and any Unicode", async () => {
    expect(await routeParams({ params: Promise.resolve({ id: "j_doe%@contoso.com", x: "😀 ß \\" }) })).toEqual({ id: "j_doe%@contoso.com", x: "😀 ß \\" });
  });
  it.each([["\u0000"], ["a\u0000b"], ["\uD800"], ["a\uDC00"], ["\u001F"], ["x".repeat(MAX_PARAM_LENGTH + 1)]])(
    "refuses %j with a 400 naming the parameter",
    async (value) => {
      const error = await routeParams({ params: Promise.resolve({ id: value }) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputTextError);
      expect(error).toMatchObject({ field: "id", where: "path", httpStatus: 400 });
    },
  );
});

describe("checkQuery", () => {
  it("accepts ordinary and odd-but-valid query strings", () => {
    expect(() => checkQuery(new URL("http://x/a?q=%25_%5C&page=1e400&$filter=startswith(displayName,'a')&e=%FF"))).not.toThrow();
  });
  it("refuses U+0000 or a control character in a value or a name, naming the parameter", () => {
    expect(() => checkQuery(new URL("http://x/a?upn=%00"))).toThrow(expect.objectContaining({ field: "upn", where: "query" }));
    expect(() => checkQuery(new URL("http://x/a?$filter=startswith(displayName,'%00')"))).toThrow(expect.objectContaining({ field: "$filter" }));
    expect(() => checkQuery(new URL("http://x/a?a%01b=1"))).toThrow(expect.objectContaining({ field: "query" }));
  });
});
