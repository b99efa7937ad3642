import { NextResponse, type NextRequest } from "next/server";
import { db } from "@/server/db";
import { csvFileName, reportCsvStream } from "@/server/domain/reports/csv";
import { reportQuerySchema } from "@/server/domain/reports/schema";
import { getReportPolicy, streamRows } from "@/server/domain/reports/service";
import { attachment, consoleReader } from "../../../session";

/** Export CSV: the whole filtered report of a policy (range, search, order of the page), streamed. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ policyId: string }> }) {
  const { user, refusal } = await consoleReader();
  if (refusal) return refusal;
  const { policyId } = await params;
  const policy = await getReportPolicy(db(), user.tenantId, policyId);
  if (!policy) return NextResponse.json({ error: "That policy does not exist." }, { status: 404 });
  const query = reportQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  const rows = streamRows(db(), { tenantId: user.tenantId, policyId: policy.id, filter: { range: query.range, q: query.q }, asOf: new Date() }, { sort: query.sort, dir: query.dir });
  return new Response(reportCsvStream(rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": attachment(csvFileName(policy.name, query.range)),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
