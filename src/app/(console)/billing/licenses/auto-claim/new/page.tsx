import type { Metadata } from "next";
import { decodeDraft, parseStep } from "@/components/policies/wizard/draft";
import { PolicyWizard } from "@/components/policies/wizard/policy-wizard";
import { PageHeader } from "@/components/shell/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { ADMIN_ROLES, CONSOLE_ROLES, hasRole } from "@/lib/roles";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { getPolicy, getPolicyOptions } from "@/server/domain/policies/service";
import { createPolicyAction, simulatePolicyAction } from "./actions";

export const metadata: Metadata = { title: "Add a policy" };

type SearchParams = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The add-a-policy wizard; its draft is in the address (?step=…&draft=…), its result in ?created=<id>. */
export default async function AddAPolicyPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireRole(...CONSOLE_ROLES);
  const params = await searchParams;
  const createdId = one(params.created);
  const [options, created] = await Promise.all([
    getPolicyOptions(db(), user.tenantId),
    createdId ? getPolicy(db(), user.tenantId, createdId) : Promise.resolve(null),
  ]);
  const readOnly = !hasRole(user.role, ADMIN_ROLES);

  return (
    <>
      <PageHeader
        title="Add a policy"
        crumbs={[{ label: "Billing" }, { label: "Licenses", href: "/billing/licenses" }, { label: "Auto-claim policy", href: "/billing/licenses/auto-claim" }]}
      />
      {readOnly && <ReadOnlyNotice role={user.role} changers={ADMIN_ROLES} />}
      <PolicyWizard
        options={options}
        initialDraft={decodeDraft(one(params.draft))}
        initialStep={parseStep(one(params.step))}
        created={created ? { id: created.id, name: created.name } : null}
        readOnly={readOnly}
        createAction={createPolicyAction}
        simulateAction={simulatePolicyAction}
      />
    </>
  );
}
