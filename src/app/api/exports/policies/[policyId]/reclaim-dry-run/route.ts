import { dryRunCsv, dryRunFileName } from "@/server/domain/reclaim/csv";
import { dryRun } from "@/server/domain/reclaim/service";
import { getPolicy } from "@/server/domain/policies/service";
import { consoleError, consoleRoute, EXPORT } from "@/server/http/console-route";
import { download } from "@/server/http/download";

/** The reclaim dry run of a policy as CSV, as of now: Global admins and Reports readers. */
export const GET = consoleRoute(EXPORT, async ({ db, user, params }) => {
  const policy = await getPolicy(db, user.tenantId, params.policyId);
  if (!policy) return consoleError(404, "That policy does not exist.");
  const now = new Date();
  const run = await dryRun(db, user.tenantId, policy.id, now);
  return download(dryRunCsv(run.rows), { fileName: dryRunFileName(policy.name, now), contentType: "text/csv; charset=utf-8" });
});
