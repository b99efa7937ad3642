/**
 * The inputs of the policy report (SPEC §5 › Report) and of its bulk actions: one schema each,
 * shared by the page (search params), the export route handlers and the server actions.
 */
import { z } from "zod";
import { cursorParam, first, pageNumber, searchText } from "@/lib/search-params";
import { text } from "@/lib/text";

export const REPORT_RANGES = ["1", "7", "30", "90", "all"] as const;
export type ReportRange = (typeof REPORT_RANGES)[number];
export const DEFAULT_RANGE: ReportRange = "90";
export const RANGE_LABELS: Record<ReportRange, string> = {
  "1": "Last 24 hours",
  "7": "Last 7 days",
  "30": "Last 30 days",
  "90": "Last 90 days",
  all: "All time",
};

export const REPORT_SORTS = ["assignedAt", "user", "upn", "product", "app", "environment"] as const;
export type ReportSort = (typeof REPORT_SORTS)[number];
export const SORT_LABELS: Record<ReportSort, string> = {
  user: "User",
  upn: "User principal name",
  product: "Product",
  assignedAt: "Assigned at",
  app: "Triggering app",
  environment: "Environment",
};

export const DEFAULT_SORT: ReportSort = "assignedAt";
export const DEFAULT_DIR = "desc" as const;
export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 50;

/** A search param that is missing or not one of `values` falls back to `fallback` (a link is never an error page). */
const oneOf = <T extends string>(values: readonly T[], fallback: T) =>
  z.preprocess(
    (v) => {
      const s = first(v);
      return typeof s === "string" && (values as readonly string[]).includes(s) ? s : fallback;
    },
    z.enum(values as unknown as [T, ...T[]]),
  );

/** The filter: which assignments the report (and its CSV, and "select all matching") covers. */
export const reportFilterSchema = z.object({
  range: oneOf(REPORT_RANGES, DEFAULT_RANGE),
  q: searchText(200),
});
export type ReportFilter = z.output<typeof reportFilterSchema>;

/** The page's search params: the filter, the order and where the page starts (a keyset cursor). */
export const reportQuerySchema = reportFilterSchema.extend({
  sort: oneOf(REPORT_SORTS, DEFAULT_SORT),
  dir: oneOf(["asc", "desc"] as const, DEFAULT_DIR),
  after: cursorParam(400),
  before: cursorParam(400),
  last: z.preprocess((v) => first(v) === "1", z.boolean()),
  page: pageNumber,
  size: z.preprocess((v) => {
    const n = Number(first(v));
    return (PAGE_SIZES as readonly number[]).includes(n) ? n : DEFAULT_PAGE_SIZE;
  }, z.number().int()),
});
export type ReportQuery = z.output<typeof reportQuerySchema>;

/** Most rows one bulk call changes; the console sends bigger selections in chunks of this size (ADR 0008). */
export const BULK_CHUNK = 250;

// z.guid: any 8-4-4-4-12 hex id (rows made by the bulk seed have md5-derived ids, not RFC 9562 versions).
const uuid = (message: string) => z.guid({ error: message });

/**
 * Which rows a bulk action applies to: rows picked one by one (assignment ids), or every row
 * matching the report's filter as it stood at `asOf` (the moment the admin chose "select all"),
 * taken `BULK_CHUNK` at a time after the `after` cursor.
 */
export const bulkSelectionSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("ids"),
    ids: z.array(uuid("That row no longer exists.")).min(1, "Select at least one user.").max(BULK_CHUNK, `At most ${BULK_CHUNK} rows at a time.`),
  }),
  z.object({
    kind: z.literal("filter"),
    filter: reportFilterSchema,
    asOf: z.coerce
      .date({ error: "The selection has no time." })
      .refine((d) => d.getUTCFullYear() >= 1900 && d.getUTCFullYear() <= 9999, { error: "The selection has no time." }),
    after: text({ max: 400, label: "The selection" }).optional(),
  }),
]);
export type BulkSelection = z.output<typeof bulkSelectionSchema>;

export const bulkUnassignSchema = z.object({
  policyId: uuid("That policy does not exist."),
  selection: bulkSelectionSchema,
});
export type BulkUnassignInput = z.output<typeof bulkUnassignSchema>;

/** The picked rows of an Unassign, for the dialog's count of units really freed. */
export const unassignImpactSchema = z.object({
  policyId: uuid("That policy does not exist."),
  ids: z.array(uuid("Pick rows of the report.")).max(BULK_CHUNK),
});

export const bulkMoveSchema = bulkUnassignSchema.extend({
  groupId: uuid("Choose a group."),
});
export type BulkMoveInput = z.output<typeof bulkMoveSchema>;

/** Export commands: the selected rows (ids, or all matching the filter) and, optionally, the group to move them to. */
export const exportCommandsSchema = z.object({
  policyId: uuid("That policy does not exist."),
  groupId: z.preprocess((v) => (v === "" || v == null ? undefined : v), uuid("Choose a group.").optional()),
  ids: z.preprocess((v) => (v == null || v === "" ? [] : typeof v === "string" ? v.split(",") : v), z.array(uuid("That row no longer exists.")).max(100_000)),
  all: z.preprocess((v) => v === true || v === "true" || v === "1", z.boolean()),
  range: reportFilterSchema.shape.range,
  q: reportFilterSchema.shape.q,
});
export type ExportCommandsInput = z.output<typeof exportCommandsSchema>;
