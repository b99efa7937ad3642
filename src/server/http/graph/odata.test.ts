import { describe, expect, it } from "vitest";
import { applySelect, decodeSkipToken, encodeSkipToken, GraphQueryError, parseCollectionQuery, parseFilter, parseSelectOnly } from "./odata";
import { USER_QUERY_RULES } from "./users";

const q = (query: string) => parseCollectionQuery(new URLSearchParams(query), USER_QUERY_RULES);
const ID = "0b6a3c2e-6f7d-4a51-9b8c-2d1e0f9a8b7c";

describe("parseCollectionQuery", () => {
  it("defaults to 100 items, no filter, the default properties", () => {
    expect(q("")).toEqual({ top: 100, select: null, filter: null, after: null, count: false });
  });

  it("reads $top, $select, $filter, $skiptoken and $count", () => {
    expect(q(`$top=5&$select=id, displayName&$filter=userPrincipalName eq 'O''Neil@contoso.com'&$skiptoken=${encodeSkipToken(ID)}&$count=true`)).toEqual({
      top: 5,
      select: ["id", "displayName"],
      filter: { property: "userPrincipalName", op: "eq", value: "O'Neil@contoso.com" },
      after: ID,
      count: true,
    });
  });

  it("refuses a page size outside 1–999", () => {
    for (const top of ["0", "1000", "-1", "2.5", "ten", ""]) expect(() => q(`$top=${top}`), top).toThrow(/Invalid page size/);
    expect(q("$top=999").top).toBe(999);
  });

  it("refuses query options it does not support rather than ignoring them", () => {
    for (const option of ["$orderby=displayName", "$expand=memberOf", '$search="displayName:ada"', "$skip=10"]) {
      expect(() => q(option)).toThrow(GraphQueryError);
    }
    expect(() => parseSelectOnly(new URLSearchParams("$top=1"))).toThrow(/not supported/);
    expect(parseSelectOnly(new URLSearchParams("$select=skuId&other=1"))).toEqual(["skuId"]);
  });

  it("refuses a tampered $skiptoken", () => {
    for (const token of ["abc", encodeSkipToken("not-an-id"), Buffer.from(`v2:${ID}`).toString("base64url")]) {
      expect(() => q(`$skiptoken=${token}`)).toThrow(/skiptoken/);
    }
    expect(decodeSkipToken(encodeSkipToken(ID.toUpperCase()))).toBe(ID);
  });
});

describe("parseFilter", () => {
  it("reads eq and startswith on the allowed properties, case-insensitively", () => {
    expect(parseFilter("mail eq 'a@b.c'", USER_QUERY_RULES)).toEqual({ property: "mail", op: "eq", value: "a@b.c" });
    expect(parseFilter(" StartsWith( DisplayName , 'Ada L' ) ", USER_QUERY_RULES)).toEqual({ property: "displayName", op: "startswith", value: "Ada L" });
    expect(parseFilter(`id eq '${ID}'`, USER_QUERY_RULES)).toEqual({ property: "id", op: "eq", value: ID });
  });

  it("refuses other properties, operators, combinations and malformed clauses with Request_UnsupportedQuery", () => {
    for (const text of ["jobTitle eq 'x'", "displayName ne 'x'", "mail eq 'a' or mail eq 'b'", "mail eq a", "startswith(id,'0')", "mail eq 'unterminated"]) {
      const error = (() => {
        try {
          parseFilter(text, USER_QUERY_RULES);
        } catch (e) {
          return e;
        }
      })();
      expect(error, text).toBeInstanceOf(GraphQueryError);
      expect((error as GraphQueryError).code).toBe("Request_UnsupportedQuery");
    }
    expect(() => parseFilter("id eq 'nope'", USER_QUERY_RULES)).toThrow(/Invalid object identifier/);
  });
});

describe("applySelect", () => {
  it("keeps the selected properties (any case) and annotations, drops unknown names", () => {
    const item = { "@odata.type": "#microsoft.graph.user", id: "1", displayName: "Ada", mail: "a@b.c" };
    expect(applySelect(item, ["DISPLAYNAME", "id", "favouriteColour"])).toEqual({ "@odata.type": "#microsoft.graph.user", id: "1", displayName: "Ada" });
    expect(applySelect(item, null)).toBe(item);
  });
});
