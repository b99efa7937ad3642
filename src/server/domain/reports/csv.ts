/**
 * The report as CSV that opens correctly in Excel: UTF-8 with a byte-order mark, RFC 4180 (CRLF
 * line ends, fields with commas, quotes or line breaks quoted, quotes doubled — csv-stringify), and
 * every cell that a spreadsheet would read as a formula neutralised (OWASP "CSV injection"): a
 * cell starting with =, +, -, @, a tab or a carriage return gets a leading apostrophe, so that
 * `=HYPERLINK(...)` as someone's display name is shown as text, never run.
 *
 * Streamed: rows are read from the database in keyset batches and written as they come, with
 * backpressure (Node stream → web ReadableStream); the whole file is never held in memory. The
 * first batch is read before the stream is handed out (`startReportCsv`), so that a query that
 * fails, fails before the first byte: an error status, not a 200 cut short.
 */
import { Readable, pipeline } from "node:stream";
import { stringify } from "csv-stringify";
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

/** The CSV of `batches`, as a web stream of UTF-8 bytes (BOM first). */
export function reportCsvStream(batches: AsyncIterable<ReportRow[]>): ReadableStream<Uint8Array> {
  async function* records() {
    yield [...CSV_HEADER];
    for await (const rows of batches) for (const row of rows) yield csvRecord(row);
  }
  const csv = stringify({ bom: true, record_delimiter: "windows", quoted_match: /^\s|\s$/ });
  const out = pipeline(Readable.from(records()), csv, () => {});
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
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
