/**
 * The dry run as CSV (SPEC §8.3): who a run would release, the product, the last use, the days
 * unused and the release date — UTF-8 with a BOM, RFC 4180 (csv-stringify), and every cell a
 * spreadsheet would read as a formula neutralised, as the report's export does.
 */
import { stringify } from "csv-stringify/sync";
import { formatUtc, neutraliseCell } from "../reports/csv";
import type { DryRunRow } from "./service";

export const DRY_RUN_CSV_HEADER = ["User", "User principal name", "Product", "Last used (UTC)", "Days unused", "Would be released (UTC)"] as const;

export function dryRunCsv(rows: readonly DryRunRow[]): string {
  return stringify(
    [
      [...DRY_RUN_CSV_HEADER],
      ...rows.map((r) =>
        [r.displayName, r.userPrincipalName, r.productName, formatUtc(r.lastUsedAt), String(r.idleDays), formatUtc(r.releaseOn)].map(neutraliseCell),
      ),
    ],
    { bom: true, record_delimiter: "windows", quoted_match: /^\s|\s$/ },
  );
}

export function dryRunFileName(policyName: string, at: Date): string {
  const slug =
    policyName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 60) || "policy";
  return `reclaim-dry-run-${slug}-${at.toISOString().slice(0, 10)}.csv`;
}
