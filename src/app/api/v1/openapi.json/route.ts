import { NextResponse } from "next/server";
import { publicOrigin } from "@/server/http/origin";
import { openApiDocument } from "@/server/http/openapi";

/** GET /api/v1/openapi.json — the API's OpenAPI 3.1 document, generated from its zod schemas; public (it describes, it reveals no data). */
export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return NextResponse.json(openApiDocument(publicOrigin(request)), { headers: { "cache-control": "no-store" } });
}
