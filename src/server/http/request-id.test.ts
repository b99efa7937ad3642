import { describe, expect, it } from "vitest";
import { requestIdFrom } from "./request-id";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("requestIdFrom", () => {
  it("keeps a sane incoming id", () => {
    for (const id of ["3f2b9c1e-8d4a-4f7e-9a1b-2c3d4e5f6a7b", "Root=1-67891233-abcdef012345678912345678", "lb.42:7", "a", "x".repeat(128)]) {
      expect(requestIdFrom(id)).toBe(id);
    }
  });

  it("takes the first of repeated headers", () => {
    expect(requestIdFrom(["first", "second"])).toBe("first");
  });

  it("makes a new UUID for a missing, empty, too long or unsafe one", () => {
    for (const bad of [undefined, null, "", " ", "x".repeat(129), "a b", "line\nbreak", 'quote"', "<script>", "ümlaut", "\u0000", "a,b", '{"json":1}']) {
      const id = requestIdFrom(bad);
      expect(id, JSON.stringify(bad)).toMatch(UUID);
    }
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined));
  });
});
