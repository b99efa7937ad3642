import { z } from "zod";
import { cursorParam, dayParam, filterText } from "@/lib/search-params";

/**
 * The audit log's filter (search params): who, which action, from and to (UTC days of 1900–9999,
 * inclusive), and the page. Parse with parseSearchParams (src/lib/search-params.ts): a bad parameter
 * is ignored with a message, never an error page.
 */
export const auditQuerySchema = z.object({
  actor: filterText(320, "Who"),
  action: filterText(100, "Action"),
  from: dayParam("From"),
  to: dayParam("To"),
  after: cursorParam(200),
  before: cursorParam(200),
});
export type AuditQuery = z.output<typeof auditQuerySchema>;
