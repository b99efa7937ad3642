import { describe, expect, it } from "vitest";
import { LONG_TIMER_MS, relabelTypeId, unrefLongTimers } from "./cli-adapter";

describe("relabelTypeId (prisma/orm#27403)", () => {
  it("relabels PostgreSQL-internal catalog types as text", () => {
    for (const oid of [18 /* "char" */, 19 /* name */, 24 /* regproc */, 194 /* pg_node_tree */, 2205 /* regclass */, 22 /* int2vector */]) {
      expect(relabelTypeId(oid)).toBe(25);
    }
  });
  it("relabels arrays of internal types as text[]", () => {
    expect(relabelTypeId(1003 /* name[] */)).toBe(1009);
  });
  it("leaves the types adapter-pg understands, and user types, alone", () => {
    for (const oid of [16, 20, 23, 25, 1043, 1114, 1184, 2950, 3802, 1009, 1005, 16385]) expect(relabelTypeId(oid)).toBe(oid);
  });
});

describe("unrefLongTimers", () => {
  it("unrefs timers of 10 s or more and leaves short ones alone", () => {
    unrefLongTimers();
    const long = setTimeout(() => {}, LONG_TIMER_MS);
    const short = setTimeout(() => {}, 50);
    try {
      expect(long.hasRef()).toBe(false);
      expect(short.hasRef()).toBe(true);
    } finally {
      clearTimeout(long);
      clearTimeout(short);
    }
  });
});
