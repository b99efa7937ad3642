import { NextResponse } from "next/server";
import { z } from "zod";
import { text } from "@/lib/text";
import { findUsers } from "@/server/domain/users/lookup";
import { apiError, apiRoute, fieldErrors } from "@/server/http/api";

const query = z.object({ upn: text({ min: 1, max: 320, label: "upn" }).optional() });

/** GET /api/v1/users?upn= — id, UPN and display name of the tenant's users (or the one with that UPN). */
export const GET = apiRoute({ scopes: ["launches", "directory.read"] }, async ({ db, tenantId, url }) => {
  const parsed = query.safeParse({ upn: url.searchParams.get("upn") ?? undefined });
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error);
    return apiError(400, "VALIDATION_FAILED", `upn: ${fields.upn?.[0] ?? "must be a user principal name"}`, fields);
  }
  const users = await findUsers(db, tenantId, parsed.data);
  return NextResponse.json({
    value: users.map((u) => ({ id: u.id, userPrincipalName: u.userPrincipalName, displayName: u.displayName })),
  });
});
