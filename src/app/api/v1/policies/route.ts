import { NextResponse } from "next/server";
import { createPolicy, getPolicy, listPolicies } from "@/server/domain/policies/service";
import { apiRoute } from "@/server/http/api";
import { policyCreateSchema, toPolicyResource } from "@/server/http/policies";
import { readAfterChange } from "@/server/db/errors";

/** GET /api/v1/policies — the tenant's live policies. */
export const GET = apiRoute({ scopes: ["directory.read", "policies.write"] }, async ({ db, tenantId }) => {
  const policies = await listPolicies(db, tenantId);
  return NextResponse.json({ value: policies.map(toPolicyResource) });
});

/** POST /api/v1/policies — creates a policy with the wizard's rules and messages; audited. 201 and the policy. */
export const POST = apiRoute({ scopes: ["policies.write"], body: policyCreateSchema }, async ({ db, actor, tenantId, body, url }) => {
  const created = await createPolicy({ db, actor, tenantId }, body);
  const policy = await readAfterChange(getPolicy(db, tenantId, created.id));
  return NextResponse.json(toPolicyResource(policy!), { status: 201, headers: { Location: `${url.pathname}/${created.id}` } });
});
