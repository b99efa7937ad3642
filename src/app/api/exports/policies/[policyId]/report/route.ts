import { parseSearchParams } from "@/lib/search-params";
import { csvFileName, startReportCsv } from "@/server/domain/reports/csv";
import { reportQuerySchema } from "@/server/domain/reports/schema";
import { getReportPolicy, streamRows } from "@/server/domain/reports/service";
import { consoleError, consoleRoute, EXPORT } from "@/server/http/console-route";
import { download } from "@/server/http/download";

/**
 * Export CSV: the whole filtered report of a policy (range, search, order of the page), streamed.
 * A search that is not clean text is a 400 beside `q`; the first batch is read before the answer
 * starts, so a failing query is an error status, never a 200 cut short.
 */
export const GET = consoleRoute(EXPORT, async ({ db, user, url, params }) => {
  const policy = await getReportPolicy(db, user.tenantId, params.policyId);
  if (!policy) return consoleError(404, "That policy does not exist.");
  const { data: query, problems } = parseSearchParams(reportQuerySchema, url.searchParams);
  const [field] = Object.keys(problems);
  if (field) return consoleError(400, `${field}: ${problems[field][0]}`, problems);
  const rows = streamRows(
    db,
    { tenantId: user.tenantId, policyId: policy.id, filter: { range: query.range, q: query.q }, asOf: new Date() },
    { sort: query.sort, dir: query.dir },
  );
  return download(await startReportCsv(rows), { fileName: csvFileName(policy.name, query.range), contentType: "text/csv; charset=utf-8" });
});
