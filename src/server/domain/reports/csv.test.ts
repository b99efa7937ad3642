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

describe("reportCsvStream", () => {
  it("reads a batch only when the reader asks for more (a slow reader holds the reads back)", async () => {
    let read = 0;
    async function* batches() {
      for (let b = 0; b < 10; b++) {
        read++;
        yield [row(2 * b), row(2 * b + 1)];
      }
    }
    const reader = (await startReportCsv(batches())).getReader();
    // The first batch is read before the stream is handed out; nothing more until the reader pulls.
    await new Promise((resolve) => setImmediate(resolve));
    expect(read).toBe(1);
    await reader.read(); // the BOM and the header
    await reader.read(); // the first batch
    await new Promise((resolve) => setImmediate(resolve));
    expect(read).toBeLessThanOrEqual(3);
    await reader.cancel();
  });

  it("writes one chunk per batch, each whole records, and ends each record with CRLF", async () => {
    async function* batches() {
      yield [row(1), row(2)];
      yield [{ ...row(3), displayName: ' Ann "Nan", \r\nSmith ' }];
    }
    const chunks: string[] = [];
    for await (const chunk of (await startReportCsv(batches())) as unknown as AsyncIterable<Uint8Array>)
      chunks.push(new TextDecoder("utf-8", { ignoreBOM: true }).decode(chunk));
    expect(chunks).toHaveLength(3);
    expect(chunks[0].startsWith("\ufeffUser,")).toBe(true);
    expect(chunks.every((c) => c.endsWith("\r\n"))).toBe(true);
    expect(chunks[2].startsWith(`" Ann ""Nan"", \r\nSmith ",`)).toBe(true);
  });
});
