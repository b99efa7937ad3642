/** The report's bulk loop: chunking, the cursor of "select all matching", stopping at the first refusal, progress, totals. */
import { describe, expect, it, vi } from "vitest";
import type { ActionResult } from "@/server/action";
import type { BulkOutcome } from "@/server/domain/reports/bulk";
import type { BulkSelection } from "@/server/domain/reports/schema";
import { runInChunks, type BulkTotals } from "./run-in-chunks";

const ok = (over: Partial<BulkOutcome> = {}): ActionResult<BulkOutcome> => ({
  ok: true,
  data: { processed: 0, done: 0, alreadyMembers: 0, skipped: [], next: null, ...over },
});
const refused = (error: string, fieldErrors: Record<string, string[]> = {}): ActionResult<BulkOutcome> => ({ ok: false, error, fieldErrors });
/** A sender that gives these answers in turn. */
const answering = (...answers: ActionResult<BulkOutcome>[]) => vi.fn<(part: BulkSelection) => Promise<ActionResult<BulkOutcome>>>(async () => answers.shift()!);
const idsOf = (part: BulkSelection) => (part.kind === "ids" ? part.ids : []);
const filter = { range: "90" as const, q: "" };
const asOf = new Date("2026-11-30T12:00:00Z");

describe("runInChunks over picked rows", () => {
  it("sends the ids `size` at a time, in order, and adds up the outcomes", async () => {
    const ids = ["a", "b", "c", "d", "e"];
    const send = vi.fn(async (part: BulkSelection) => ok({ processed: idsOf(part).length, done: idsOf(part).length - 1, alreadyMembers: 1 }));
    const { totals, failure } = await runInChunks({ kind: "ids", ids, size: 2 }, send);
    expect(send.mock.calls.map(([part]) => part)).toEqual([
      { kind: "ids", ids: ["a", "b"] },
      { kind: "ids", ids: ["c", "d"] },
      { kind: "ids", ids: ["e"] },
    ]);
    expect(failure).toBeNull();
    expect(totals).toEqual({ processed: 5, done: 2, alreadyMembers: 3, skipped: new Map() });
  });

  it("sends one part when the selection fits in a chunk, and nothing for an empty one", async () => {
    const send = vi.fn(async (part: BulkSelection) => ok({ processed: idsOf(part).length, done: idsOf(part).length }));
    expect((await runInChunks({ kind: "ids", ids: ["a", "b"], size: 250 }, send)).totals.done).toBe(2);
    expect(send).toHaveBeenCalledTimes(1);
    send.mockClear();
    const empty = await runInChunks({ kind: "ids", ids: [], size: 250 }, send);
    expect(send).not.toHaveBeenCalled();
    expect(empty).toEqual({ totals: { processed: 0, done: 0, alreadyMembers: 0, skipped: new Map() }, failure: null });
  });

  it("refuses a chunk size that would never finish", async () => {
    const send = answering(ok());
    await expect(runInChunks({ kind: "ids", ids: ["a"], size: 0 }, send)).rejects.toThrow(RangeError);
    expect(send).not.toHaveBeenCalled();
  });
});

describe("runInChunks over every row matching the filter", () => {
  it("follows the cursor each answer carries until it is null", async () => {
    const send = answering(
      ok({ processed: 250, done: 250, next: "c1" }),
      ok({ processed: 250, done: 249, next: "c2" }),
      ok({ processed: 7, done: 7, next: null }),
    );
    const { totals, failure } = await runInChunks({ kind: "filter", filter, asOf }, send);
    expect(send.mock.calls.map(([part]) => part)).toEqual([
      { kind: "filter", filter, asOf, after: undefined },
      { kind: "filter", filter, asOf, after: "c1" },
      { kind: "filter", filter, asOf, after: "c2" },
    ]);
    expect(failure).toBeNull();
    expect(totals.processed).toBe(507);
    expect(totals.done).toBe(506);
  });
});

describe("runInChunks stopping", () => {
  it("stops at the first refusal: what came before stands, nothing after it is sent", async () => {
    const send = answering(
      ok({ processed: 2, done: 2 }),
      refused("No licenses left in the group's product.", { groupId: ["Full"] }),
      ok({ processed: 1, done: 1 }),
    );
    const progress = vi.fn();
    const { totals, failure } = await runInChunks({ kind: "ids", ids: ["a", "b", "c", "d", "e"], size: 2 }, send, progress);
    expect(send).toHaveBeenCalledTimes(2);
    expect(progress).toHaveBeenCalledTimes(1);
    expect(totals).toMatchObject({ processed: 2, done: 2 });
    expect(failure).toEqual({ ok: false, error: "No licenses left in the group's product.", fieldErrors: { groupId: ["Full"] } });
  });

  it("returns a refusal of the first part with nothing processed", async () => {
    const send = answering(refused("Choose a group.", { groupId: ["That group no longer exists."] }));
    const { totals, failure } = await runInChunks({ kind: "filter", filter, asOf }, send);
    expect(send).toHaveBeenCalledTimes(1);
    expect(totals.processed).toBe(0);
    expect(failure?.fieldErrors.groupId).toEqual(["That group no longer exists."]);
  });
});

describe("runInChunks progress and skipped rows", () => {
  it("reports the running totals after each part, each a snapshot of its own", async () => {
    const seen: BulkTotals[] = [];
    const send = vi.fn(async (part: BulkSelection) =>
      ok({ processed: idsOf(part).length, done: 1, skipped: [{ reason: "gone", count: idsOf(part).length - 1, examples: idsOf(part).slice(1) }] }),
    );
    await runInChunks({ kind: "ids", ids: ["a", "b", "c", "d", "e", "f"], size: 3 }, send, (t) => seen.push(t));
    expect(seen.map((t) => [t.processed, t.done, t.skipped.get("gone")?.count])).toEqual([
      [3, 1, 2],
      [6, 2, 4],
    ]);
    expect(seen[0].skipped.get("gone")).toEqual({ count: 2, examples: ["b", "c"] });
  });

  it("adds up skipped rows by reason, keeping the first five examples of each", async () => {
    const send = answering(
      ok({ processed: 4, skipped: [{ reason: "gone", count: 4, examples: ["u1", "u2", "u3", "u4"] }], next: "c1" }),
      ok({
        processed: 5,
        skipped: [
          { reason: "gone", count: 3, examples: ["u5", "u6", "u7"] },
          { reason: "no unit", count: 2, examples: ["v1", "v2"] },
        ],
        next: null,
      }),
    );
    const { totals } = await runInChunks({ kind: "filter", filter, asOf }, send);
    expect([...totals.skipped.entries()]).toEqual([
      ["gone", { count: 7, examples: ["u1", "u2", "u3", "u4", "u5"] }],
      ["no unit", { count: 2, examples: ["v1", "v2"] }],
    ]);
  });
});
