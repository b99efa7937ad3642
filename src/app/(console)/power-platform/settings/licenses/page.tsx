import type { Metadata } from "next";
import Link from "next/link";
import { PolicyScopeForm } from "@/components/policies/policy-scope-form";
import { PageHeader } from "@/components/shell/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { ADMIN_ROLES, CONSOLE_ROLES, hasRole } from "@/lib/roles";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { AUTO_CLAIM_APP_LABELS } from "@/server/domain/policies/schema";
import { listPolicies } from "@/server/domain/policies/service";
import { setPolicyScopeAction } from "./actions";

export const metadata: Metadata = { title: "Power Platform license settings" };

/** Power Platform › Settings › Licenses: each auto-claim policy's scope. */
export default async function PowerPlatformLicenseSettingsPage() {
  const user = await requireRole(...CONSOLE_ROLES);
  const policies = await listPolicies(db(), user.tenantId);
  const readOnly = !hasRole(user.role, ADMIN_ROLES);
  return (
    <>
      <PageHeader
        title="Licenses"
        crumbs={[{ label: "Power Platform" }, { label: "Settings" }]}
        description="Where each auto-claim policy applies: in every environment, or only in Managed Environments."
      />
      {readOnly && <ReadOnlyNotice role={user.role} changers={ADMIN_ROLES} />}
      <section aria-labelledby="scopes-heading" className="max-w-3xl">
        <h2 id="scopes-heading" className="mb-3 text-base font-semibold">
          Auto-claim policies
        </h2>
        {policies.length === 0 ? (
          <p className="rounded-md border border-line bg-white p-5 text-ink-3" data-testid="no-policies">
            There are no auto-claim policies. Add one in{" "}
            <Link href="/billing/licenses/auto-claim" className="text-brand underline">
              Billing › Licenses › Auto-claim policy
            </Link>
            .
          </p>
        ) : (
          <div className="space-y-4">
            {policies.map((p) => (
              <PolicyScopeForm
                key={p.id}
                policyId={p.id}
                name={p.name}
                appLabel={AUTO_CLAIM_APP_LABELS[p.app]}
                scope={p.scope}
                readOnly={readOnly}
                action={setPolicyScopeAction}
              />
            ))}
          </div>
        )}
      </section>
    </>
  );
}
