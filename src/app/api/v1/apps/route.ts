import { NextResponse } from "next/server";
import { listApps } from "@/server/domain/apps/service";
import { apiRoute } from "@/server/http/api";

/** GET /api/v1/apps — the tenant's apps: id, name, environment (id, name, managed), premium. */
export const GET = apiRoute({ scopes: ["launches", "directory.read"] }, async ({ db, tenantId }) => {
  const apps = await listApps(db, tenantId);
  return NextResponse.json({ value: apps });
});
