import { NextResponse } from "next/server";
import { launchMessage } from "@/server/domain/launches/messages";
import { launchRequestSchema } from "@/server/domain/launches/schema";
import { recordLaunch } from "@/server/domain/launches/service";
import { apiRoute } from "@/server/http/api";

/**
 * POST /api/v1/launches — { user: "<id or UPN>", app: "<id>" } → 200 { decision, reason, message,
 * launchId, assignment?, waitlistPosition? } with the reason codes of SPEC §3 (a refusal for lack of
 * units says the user's place on the policy's waiting list, SPEC §8.1); 400 malformed, 401/403 token, 404 unknown.
 */
export const POST = apiRoute({ scopes: ["launches"], body: launchRequestSchema }, async ({ db, tenantId, body }) => {
  const r = await recordLaunch(db, { tenantId, user: body.user, appId: body.app });
  return NextResponse.json({
    decision: r.decision,
    reason: r.reason,
    message: launchMessage(r.reason, {
      autoClaimApp: r.autoClaimApp,
      productName: r.assignment?.productName,
      policyName: r.assignment?.policyName ?? r.policy?.name,
    }),
    launchId: r.launchId,
    user: { id: r.userId },
    app: { id: r.appId, name: r.appName, environment: r.environmentName, managed: r.managedEnvironment, premium: r.premium },
    ...(r.assignment
      ? {
          assignment: {
            id: r.assignment.id,
            product: {
              id: r.assignment.productId,
              skuId: r.assignment.skuId,
              skuPartNumber: r.assignment.skuPartNumber,
              displayName: r.assignment.productName,
            },
            policy: { id: r.assignment.policyId, name: r.assignment.policyName },
            position: r.assignment.position,
          },
        }
      : {}),
    ...(r.waitlistPosition !== undefined ? { waitlistPosition: r.waitlistPosition } : {}),
  });
});
