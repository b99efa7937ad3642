import { NextResponse } from "next/server";
import { PolicyNotFoundError } from "@/server/domain/policies/errors";
import { deletePolicy, getPolicy, updatePolicy } from "@/server/domain/policies/service";
import { apiRoute } from "@/server/http/api";
import { policyUpdateSchema, toPolicyResource } from "@/server/http/policies";
import { readAfterChange } from "@/server/db/errors";

/** GET /api/v1/policies/{id} — one live policy; 404 for an unknown or deleted one. */
export const GET = apiRoute({ scopes: ["directory.read", "policies.write"] }, async ({ db, tenantId, params }) => {
  const policy = await getPolicy(db, tenantId, params.id);
  if (!policy) throw new PolicyNotFoundError();
  return NextResponse.json(toPolicyResource(policy));
});

/** PATCH /api/v1/policies/{id} — the details page's changes; audited. 200 and the policy, with the fields that changed. */
export const PATCH = apiRoute({ scopes: ["policies.write"], body: policyUpdateSchema }, async ({ db, actor, tenantId, params, body }) => {
  const result = await updatePolicy({ db, actor, tenantId }, { policyId: params.id, ...body });
  const policy = await readAfterChange(getPolicy(db, tenantId, result.id));
  return NextResponse.json({ ...toPolicyResource(policy!), changed: result.changed });
});

/** DELETE /api/v1/policies/{id} — deletes the policy (its licences stay, pointing at it); audited. 204. */
export const DELETE = apiRoute({ scopes: ["policies.write"] }, async ({ db, actor, tenantId, params }) => {
  await deletePolicy({ db, actor, tenantId }, { policyId: params.id });
  return new NextResponse(null, { status: 204 });
});
