import { describe, expect, it } from "vitest";
import { routeParams } from "./route-params";

describe("routeParams", () => {
  it("is empty for a static route, whose params promise resolves to undefined", async () => {
    expect(await routeParams({ params: Promise.resolve(undefined) })).toEqual({});
    expect(await routeParams(undefined)).toEqual({});
  });
  it("joins catch-all segments", async () => {
    expect(await routeParams({ params: Promise.resolve({ id: "u1", segments: ["a", "b"] }) })).toEqual({ id: "u1", segments: "a/b" });
  });
});
