import { AUDIT_QUERY_RULES, listDirectoryAudits } from "@/server/http/graph/audits";
import { parseCollectionQuery } from "@/server/http/graph/odata";
import { graphCollection, graphRoute } from "@/server/http/graph/route";

/** GET /graph/v1.0/auditLogs/directoryAudits — the audit log, newest first; $top, $filter (eq), $select, $count. */
export const GET = graphRoute({ access: "read" }, async (ctx) => {
  const query = parseCollectionQuery(ctx.url.searchParams, AUDIT_QUERY_RULES);
  const page = await listDirectoryAudits(ctx.db, ctx.principal.tenantId, query);
  return graphCollection(ctx, "auditLogs/directoryAudits", page, query.select);
});
