import { NextResponse } from "next/server";

/**
 * GET /api/v1/ping — liveness check: `200 {"ok":true}` from the app process, without touching the
 * database or asking for a token (a load balancer or `npm run bench` can call it). It is also the
 * benchmark's "empty route handler": what Next.js costs per request before any work of ours.
 */
export const dynamic = "force-dynamic";

export function GET() {
  return NextResponse.json({ ok: true }, { headers: { "cache-control": "no-store" } });
}
