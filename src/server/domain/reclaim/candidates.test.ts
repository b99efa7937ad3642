import { describe, expect, it } from "vitest";
import { DAY_MS, lastUsedAt, releaseDate, runCap, selectCandidates, type Holding, type ReclaimRuleSettings } from "./candidates";

const NOW = new Date("2026-12-02T12:00:00Z");
const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY_MS);
const rule = (over: Partial<ReclaimRuleSettings> = {}): ReclaimRuleSettings => ({
  inactivityDays: 30,
  graceDays: 14,
  noticeDays: 7,
  capPercent: 100,
  allowUserIds: new Set(),
  allowGroupIds: new Set(),
  ...over,
});
let n = 0;
const holding = (over: Partial<Holding> = {}): Holding => {
  n++;
  return {
    assignmentId: `a${String(n).padStart(3, "0")}`,
    userId: `u${n}`,
    productId: "premium",
    assignedAt: daysAgo(60),
    groupIds: [],
    lastLaunchAt: null,
    keptAt: null,
    ...over,
  };
};
const units = new Map([["premium", 100]]);
const ids = (s: ReturnType<typeof selectCandidates>) => s.candidates.map((c) => c.assignmentId);
const reasons = (s: ReturnType<typeof selectCandidates>) => Object.fromEntries(s.skipped.map((x) => [x.assignmentId, x.reason]));

describe("selectCandidates", () => {
  it("takes holdings idle for the threshold or more, measured from the last covered launch, else the claim", () => {
    const idle = holding({ lastLaunchAt: daysAgo(31) });
    const exactly = holding({ lastLaunchAt: daysAgo(30) });
    const used = holding({ lastLaunchAt: daysAgo(29) });
    const never = holding({ assignedAt: daysAgo(45) });
    const s = selectCandidates([idle, exactly, used, never], rule(), units, NOW);
    expect(ids(s)).toEqual([never.assignmentId, idle.assignmentId, exactly.assignmentId]);
    expect(reasons(s)).toEqual({ [used.assignmentId]: "IN_USE" });
    expect(s.candidates[0]).toMatchObject({ lastUsedAt: daysAgo(45), idleDays: 45 });
  });

  it("keeps a claim younger than the grace period, however idle", () => {
    const young = holding({ assignedAt: daysAgo(13) });
    const old = holding({ assignedAt: daysAgo(40) });
    const s = selectCandidates([young, old], rule({ inactivityDays: 7 }), units, NOW);
    expect(ids(s)).toEqual([old.assignmentId]);
    expect(reasons(s)).toEqual({ [young.assignmentId]: "GRACE" });
  });

  it("Keep it resets the clock like a launch", () => {
    const kept = holding({ lastLaunchAt: daysAgo(50), keptAt: daysAgo(3) });
    expect(reasons(selectCandidates([kept], rule(), units, NOW))).toEqual({ [kept.assignmentId]: "IN_USE" });
    expect(lastUsedAt(kept)).toEqual(daysAgo(3));
  });

  it("exempts people on the allowlist, by user and through any of their groups", () => {
    const vip = holding();
    const member = holding({ groupIds: ["g-other", "g-execs"] });
    const other = holding({ groupIds: ["g-other"] });
    const s = selectCandidates([vip, member, other], rule({ allowUserIds: new Set([vip.userId]), allowGroupIds: new Set(["g-execs"]) }), units, NOW);
    expect(ids(s)).toEqual([other.assignmentId]);
    expect(reasons(s)).toEqual({ [vip.assignmentId]: "ALLOWLISTED_USER", [member.assignmentId]: "ALLOWLISTED_GROUP" });
  });

  it("takes at most the cap of each product's purchased units per run, longest idle first", () => {
    const premium = Array.from({ length: 5 }, (_, i) => holding({ lastLaunchAt: daysAgo(40 + i) }));
    const perApp = Array.from({ length: 3 }, () => holding({ productId: "per-app" }));
    const s = selectCandidates(
      [...premium, ...perApp],
      rule({ capPercent: 10 }),
      new Map([
        ["premium", 30],
        ["per-app", 5],
      ]),
      NOW,
    );
    // 10 % of 30 = 3; 10 % of 5 rounds down to 0, but a cap above 0 always lets one go.
    expect(ids(s).filter((id) => premium.some((h) => h.assignmentId === id))).toEqual([premium[4], premium[3], premium[2]].map((h) => h.assignmentId));
    expect(s.candidates.filter((c) => c.productId === "per-app")).toHaveLength(1);
    expect(s.skipped.filter((x) => x.reason === "OVER_CAP")).toHaveLength(4);
  });
});

describe("runCap and releaseDate", () => {
  it("caps by percent, at least one unit, none for a pool never bought", () => {
    expect([runCap(100, 10), runCap(9, 10), runCap(0, 10), runCap(40, 100)]).toEqual([10, 1, 0, 40]);
  });
  it("releases the notice period after the notice", () => {
    expect(releaseDate(NOW, 7)).toEqual(new Date("2026-12-09T12:00:00Z"));
  });
});
