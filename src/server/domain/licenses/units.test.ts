import { describe, expect, it } from "vitest";
import { availableUnits, percentConsumed, poolAlert } from "./units";

describe("availableUnits", () => {
  it("is purchased minus consumed", () => {
    expect(availableUnits(40, 35)).toBe(5);
    expect(availableUnits(10, 0)).toBe(10);
  });
  it("is never negative, even if a pool was reduced below its use", () => {
    expect(availableUnits(5, 7)).toBe(0);
  });
});

describe("percentConsumed", () => {
  it("rounds to whole percents and caps at 100", () => {
    expect(percentConsumed(3, 1)).toBe(33);
    expect(percentConsumed(4, 6)).toBe(100);
  });
  it("treats an empty pool as 0%, or 100% if anything is held", () => {
    expect(percentConsumed(0, 0)).toBe(0);
    expect(percentConsumed(0, 1)).toBe(100);
  });
});

describe("poolAlert", () => {
  it("says EMPTY when nothing is left", () => {
    expect(poolAlert(10, 10)).toBe("EMPTY");
  });
  it("says LOW at 10% left or fewer (at least one unit)", () => {
    expect(poolAlert(40, 36)).toBe("LOW");
    expect(poolAlert(40, 35)).toBeNull();
    expect(poolAlert(5, 4)).toBe("LOW");
  });
  it("says nothing for a pool never bought", () => {
    expect(poolAlert(0, 0)).toBeNull();
  });
});
