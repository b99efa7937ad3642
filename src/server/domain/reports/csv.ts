/**
 * The report as CSV that opens correctly in Excel: UTF-8 with a byte-order mark, RFC 4180 (CRLF
 * line ends, fields with commas, quotes or line breaks quoted, quotes doubled — csv-stringify), and
 * every cell that a spreadsheet would read as a formula neutralised (OWASP "CSV injection"): a
 * cell starting with =, +, -, @, a tab or a carriage return gets a leading apostrophe, so that
 * `=HYPERLINK(...)` as someone's display name is shown as text, never run.
 *
 * Streamed, pulled by the reader (ADR 0030): a web ReadableStream whose `pull` reads the next keyset
 * batch only when the reader has taken the previous one, and writes it as ONE chunk (csv-stringify's
 * sync API over the batch's records). A slow reader therefore stops the reads — the server holds at
 * most a batch or two, never the file — and a fast one costs a query and an enqueue per batch, not
 * per row. The first batch is read before the stream is handed out (`startReportCsv`), so that a
 * query that fails, fails before the first byte: an error status, not a 200 cut short.
 */
import { stringify } from "csv-stringify/sync";
import { entraObjectId } from "../users/lookup";
import type { ReportRow } from "./service";

/** The page's six columns, then the ids a script needs: the user's object id (Entra's, where known) and the product's SKU id. */
export const CSV_HEADER = ["User", "User principal name", "Product", "Assigned at (UTC)", "Triggering app", "Environment", "User object id", "SKU id"] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as text that no spreadsheet evaluates. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** "2026-11-27 14:05:09": UTC, the form Excel reads as a date and time. */
export function formatUtc(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}

export function csvRecord(row: ReportRow): string[] {
  return [
    row.displayName,
    row.userPrincipalName,
    row.productName,
    formatUtc(row.assignedAt),
    row.appName,
    row.environmentName,
    entraObjectId({ id: row.userId, externalId: row.userExternalId }),
    row.skuId,
  ].map(neutraliseCell);
}

/** RFC 4180 with CRLF; a cell with leading or trailing white space is quoted too, so that a spreadsheet keeps it. */
const STRINGIFY_OPTIONS = { record_delimiter: "windows", quoted_match: /^\s|\s$/ } as const;

/** Records as CSV text, each ending in CRLF (so that batches concatenate into one file). */
export function csvText(records: string[][]): string {
  return stringify(records, STRINGIFY_OPTIONS);
}

const BOM = "\ufeff";

/**
 * The CSV of `batches`, as a web stream of UTF-8 bytes: the BOM and the header first, then one chunk
 * per batch. Pull-based: the next batch is read when the reader asks for more, so the stream holds at
 * most one batch ahead of the reader (highWaterMark 1 chunk); a reader that cancels ends the batches.
 */
export function reportCsvStream(batches: AsyncIterable<ReportRow[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(BOM + csvText([[...CSV_HEADER]])));
      },
      async pull(controller) {
        // Enqueue exactly one chunk (or close): a pull that enqueued nothing would not be called again.
        for (;;) {
          const next = await iterator.next();
          if (next.done) return controller.close();
          if (next.value.length === 0) continue;
          return controller.enqueue(encoder.encode(csvText(next.value.map(csvRecord))));
        }
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    { highWaterMark: 1 },
  );
}

/**
 * The CSV of `batches` once its first batch has been read: rejects (before any byte exists) when
 * that read fails. A later batch that fails errors the stream, which aborts the download.
 */
export async function startReportCsv(batches: AsyncIterable<ReportRow[]>): Promise<ReadableStream<Uint8Array>> {
  const iterator = batches[Symbol.asyncIterator]();
  const head = await iterator.next();
  async function* replay(): AsyncGenerator<ReportRow[]> {
    if (head.done) return;
    yield head.value;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return reportCsvStream(replay());
}

/** A file name: "auto-claim-report-<policy>-<range>-<yyyy-mm-dd>.csv". */
export function csvFileName(policyName: string, range: string, at = new Date()): string {
  const slug =
    policyName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 60) || "policy";
  return `auto-claim-report-${slug}-${range === "all" ? "all-time" : `${range}-days`}-${at.toISOString().slice(0, 10)}.csv`;
}
