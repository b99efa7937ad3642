import { describe, expect, it } from "vitest";
import { startReportCsv } from "./csv";
import type { ReportRow } from "./service";

const row = (n: number): ReportRow =>
  ({
    id: `id-${n}`,
    displayName: `User ${n}`,
    userPrincipalName: `u${n}@x`,
    productName: "P",
    assignedAt: new Date(0),
    appName: "A",
    environmentName: "E",
  }) as ReportRow;

describe("startReportCsv", () => {
  it("rejects before any byte when the first batch fails", async () => {
    async function* failing(): AsyncGenerator<ReportRow[]> {
      throw new Error("query failed");
    }
    await expect(startReportCsv(failing())).rejects.toThrow("query failed");
  });
  it("streams every batch after the first, header first", async () => {
    async function* batches() {
      yield [row(1), row(2)];
      yield [row(3)];
    }
    const text = await new Response(await startReportCsv(batches())).text();
    expect(text.split("\r\n").filter(Boolean)).toHaveLength(4);
  });
  it("writes only the header for no rows", async () => {
    async function* none(): AsyncGenerator<ReportRow[]> {}
    expect((await new Response(await startReportCsv(none())).text()).split("\r\n").filter(Boolean)).toHaveLength(1);
  });
});
