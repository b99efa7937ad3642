import { describe, expect, it } from "vitest";
import { alertLevelsReached, availableUnits, DEFAULT_THRESHOLDS, highestAlertLevel, netClaimRate, percentConsumed, runwayDays, unitsToBuy } from "./units";

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

describe("highestAlertLevel", () => {
  it("is the most severe open level, whatever the order", () => {
    expect(highestAlertLevel(["WARNING"])).toBe("WARNING");
    expect(highestAlertLevel(["CRITICAL", "WARNING"])).toBe("CRITICAL");
    expect(highestAlertLevel(["WARNING", "EMPTY", "CRITICAL"])).toBe("EMPTY");
    expect(highestAlertLevel(["EMPTY", "WARNING"])).toBe("EMPTY");
  });
  it("is null with no open alert", () => {
    expect(highestAlertLevel([])).toBeNull();
  });
});

describe("alertLevelsReached", () => {
  it("is every level at or over its threshold, by the exact share (no rounding)", () => {
    expect(alertLevelsReached(100, 79, DEFAULT_THRESHOLDS)).toEqual([]);
    expect(alertLevelsReached(100, 80, DEFAULT_THRESHOLDS)).toEqual(["WARNING"]);
    expect(alertLevelsReached(200, 189, DEFAULT_THRESHOLDS)).toEqual(["WARNING"]);
    expect(alertLevelsReached(200, 190, DEFAULT_THRESHOLDS)).toEqual(["WARNING", "CRITICAL"]);
    expect(alertLevelsReached(3, 3, DEFAULT_THRESHOLDS)).toEqual(["WARNING", "CRITICAL", "EMPTY"]);
  });
  it("reaches nothing for a pool never bought", () => {
    expect(alertLevelsReached(0, 0, DEFAULT_THRESHOLDS)).toEqual([]);
  });
});

describe("runway", () => {
  it("is the net claim rate over the days between readings", () => {
    expect(netClaimRate(12, 40, 28)).toBe(1);
    expect(netClaimRate(40, 12, 28)).toBe(-1);
    expect(netClaimRate(0, 40, 0)).toBe(0);
  });
  it("counts whole days until empty, or null when not shrinking", () => {
    expect(runwayDays(10, 1)).toBe(10);
    expect(runwayDays(10, 3)).toBe(3);
    expect(runwayDays(0, 2)).toBe(0);
    expect(runwayDays(10, 0)).toBeNull();
    expect(runwayDays(10, -1)).toBeNull();
  });
  it("recommends the waiting list plus 30 days of net claims, beyond what is left", () => {
    expect(unitsToBuy(10, 1)).toBe(20);
    expect(unitsToBuy(10, 1, 5)).toBe(25);
    expect(unitsToBuy(100, 1)).toBe(0);
    expect(unitsToBuy(0, 1 / 3)).toBe(10);
    expect(unitsToBuy(0, -2, 4)).toBe(4);
  });
});
