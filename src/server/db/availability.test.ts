/** db/availability.ts: a noted outage holds until the probe finds the database back, or lapses without a probe. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { databaseDownSince, noteDatabaseAvailable, noteDatabaseUnavailable, setAvailabilityProbe } from "./availability";

afterEach(() => {
  setAvailabilityProbe(null);
  noteDatabaseAvailable();
  vi.useRealTimers();
});

describe("database availability", () => {
  it("is up until a failure is noted", () => {
    expect(databaseDownSince()).toBeNull();
    noteDatabaseUnavailable();
    expect(databaseDownSince()).toEqual(expect.any(Number));
  });

  it("keeps the first moment while failures go on", () => {
    vi.useFakeTimers({ now: 1_000 });
    noteDatabaseUnavailable();
    vi.setSystemTime(2_000);
    noteDatabaseUnavailable();
    expect(databaseDownSince()).toBe(1_000);
  });

  it("probes each second while down, and clears when the probe answers", async () => {
    vi.useFakeTimers();
    let answers = false;
    const probe = vi.fn(async () => {
      if (!answers) throw new Error("Connection terminated due to connection timeout");
    });
    setAvailabilityProbe(probe);
    noteDatabaseUnavailable();
    await vi.advanceTimersByTimeAsync(1_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(probe).toHaveBeenCalledTimes(2);
    expect(databaseDownSince()).not.toBeNull();
    answers = true;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(databaseDownSince()).toBeNull();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(probe).toHaveBeenCalledTimes(3); // no probing while up
  });

  it("lapses after a few seconds without a probe (scripts, tests)", () => {
    vi.useFakeTimers({ now: 10_000 });
    noteDatabaseUnavailable();
    vi.setSystemTime(14_000);
    expect(databaseDownSince()).toBe(10_000);
    vi.setSystemTime(15_500);
    expect(databaseDownSince()).toBeNull();
  });
});
