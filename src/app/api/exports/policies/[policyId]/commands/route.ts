import { formDataToObject, toFieldErrors } from "@/server/action";
import { db } from "@/server/db";
import { buildCommandsScript } from "@/server/domain/reports/commands";
import { exportCommandsSchema } from "@/server/domain/reports/schema";
import { readFormBody } from "@/server/http/body";
import { attachment, exportError, exportRoute } from "../../../session";

/**
 * Export commands: a Microsoft Graph PowerShell script for the selected rows of a policy's report
 * (posted as a form, at most 1 MB: ids, or all=1 with the filter; optionally a groupId to move them
 * to). It changes nothing here, so Reports readers may download it too.
 */
export const POST = exportRoute(async ({ request, user, params }) => {
  const form = await readFormBody(request);
  const parsed = exportCommandsSchema.safeParse({ ...formDataToObject(form), policyId: params.policyId });
  if (!parsed.success) {
    const { formErrors, fieldErrors } = toFieldErrors(parsed.error);
    return exportError(400, formErrors[0] ?? "Check the selection and try again.", fieldErrors);
  }
  const { script, fileName } = await buildCommandsScript(db(), user.tenantId, parsed.data, { generatedBy: user.upn });
  return new Response(`\uFEFF${script}`, {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Disposition": attachment(fileName),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
