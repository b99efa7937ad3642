import { describe, expect, it } from "vitest";
import { text } from "./text";

describe("text()", () => {
  const name = text({ min: 1, max: 5, required: "Enter a name.", tooLong: "Use 5 characters or fewer." });
  it("refuses control characters and lone surrogates with a message", () => {
    for (const bad of ["a\u0000", "\uD800", "b\uDC00", "\u001B"]) expect(name.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    expect(name.safeParse("😀").success).toBe(true);
  });
  it("says the product's own messages when given", () => {
    expect(name.safeParse("  ").error?.issues[0].message).toBe("Enter a name.");
    expect(name.safeParse(undefined).error?.issues[0].message).toBe("Enter a name.");
    expect(name.safeParse("abcdef").error?.issues[0].message).toBe("Use 5 characters or fewer.");
  });
  it("allows tab and newline only when multi-line", () => {
    expect(text({ max: 20 }).safeParse("a\nb").success).toBe(false);
    expect(text({ max: 20, multiline: true }).safeParse("a\nb\tc").success).toBe(true);
    expect(text({ max: 20, multiline: true }).safeParse("a\u0000b").success).toBe(false);
  });
});
