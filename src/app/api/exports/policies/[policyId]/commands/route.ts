import { buildCommandsScript } from "@/server/domain/reports/commands";
import { exportCommandsSchema } from "@/server/domain/reports/schema";
import { consoleRoute, EXPORT } from "@/server/http/console-route";
import { download } from "@/server/http/download";

/**
 * Export commands: a Microsoft Graph PowerShell script for the selected rows of a policy's report
 * (posted as a form, at most 1 MB: ids, or all=1 with the filter; optionally a groupId to move them
 * to). It changes nothing here, so Reports readers may download it too.
 */
export const POST = consoleRoute({ ...EXPORT, form: exportCommandsSchema, invalidForm: "Check the selection and try again." }, async ({ db, user, form }) => {
  const { script, fileName } = await buildCommandsScript(db, user.tenantId, form, { generatedBy: user.upn });
  return download(`\uFEFF${script}`, { fileName, contentType: "text/plain; charset=utf-8" });
});
