import { describe, expect, it } from "vitest";
import { simulationSentence, simulationWindow, wouldWait } from "./simulation";

describe("simulation — the pure parts", () => {
  it("replays the 30 days before now", () => {
    const now = new Date("2026-03-31T10:00:00.000Z");
    expect(simulationWindow(now)).toEqual({ since: new Date("2026-03-01T10:00:00.000Z"), until: now });
  });
  it("people wait for what the available units do not cover, never fewer than none", () => {
    expect(wouldWait(42, 12)).toBe(30);
    expect(wouldWait(5, 12)).toBe(0);
    expect(wouldWait(0, 0)).toBe(0);
    expect(wouldWait(3, -2)).toBe(3);
  });
  it("says it in the SPEC's words", () => {
    expect(simulationSentence({ wouldClaim: 42, availableNow: 12, wouldWait: 30 })).toBe(
      "This policy would have claimed 42 licenses; 12 available now; 30 people would be waiting.",
    );
    expect(simulationSentence({ wouldClaim: 1, availableNow: 0, wouldWait: 1 })).toBe(
      "This policy would have claimed 1 license; 0 available now; 1 person would be waiting.",
    );
  });
});
