import { NextResponse } from "next/server";
import { z } from "zod";
import { findUsers } from "@/server/domain/directory/service";
import { apiError, apiRoute, fieldErrors } from "@/server/http/api";

const query = z.object({ upn: z.string().trim().min(1).max(320).optional() });

/** GET /api/v1/users?upn= — id, UPN and display name of the tenant's users (or the one with that UPN). */
export const GET = apiRoute({ scopes: ["launches", "directory.read"] }, async ({ db, principal, url }) => {
  const parsed = query.safeParse({ upn: url.searchParams.get("upn") ?? undefined });
  if (!parsed.success) return apiError(400, "VALIDATION_FAILED", "upn: must be a user principal name", fieldErrors(parsed.error));
  const users = await findUsers(db, principal.tenantId, parsed.data);
  return NextResponse.json({
    value: users.map((u) => ({ id: u.id, userPrincipalName: u.userPrincipalName, displayName: u.displayName })),
  });
});
