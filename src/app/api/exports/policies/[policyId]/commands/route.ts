import { NextResponse, type NextRequest } from "next/server";
import { formDataToObject, toFieldErrors } from "@/server/action";
import { db } from "@/server/db";
import { DomainError } from "@/server/domain/errors";
import { buildCommandsScript } from "@/server/domain/reports/commands";
import { exportCommandsSchema } from "@/server/domain/reports/schema";
import { attachment, consoleReader } from "../../../session";

/**
 * Export commands: a Microsoft Graph PowerShell script for the selected rows of a policy's report
 * (posted as a form: ids, or all=1 with the filter; optionally a groupId to move them to). It
 * changes nothing here, so Reports readers may download it too.
 */
export async function POST(request: NextRequest, { params }: { params: Promise<{ policyId: string }> }) {
  const { user, refusal } = await consoleReader();
  if (refusal) return refusal;
  const { policyId } = await params;
  const form = await request.formData().catch(() => new FormData());
  const parsed = exportCommandsSchema.safeParse({ ...formDataToObject(form), policyId });
  if (!parsed.success) return NextResponse.json({ error: "Check the selection and try again.", ...toFieldErrors(parsed.error) }, { status: 400 });
  try {
    const { script, fileName } = await buildCommandsScript(db(), user.tenantId, parsed.data, { generatedBy: user.upn });
    return new Response(`\uFEFF${script}`, {
      headers: {
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Disposition": attachment(fileName),
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    if (error instanceof DomainError) return NextResponse.json({ error: error.message, field: error.field ?? null }, { status: error.httpStatus });
    throw error;
  }
}
