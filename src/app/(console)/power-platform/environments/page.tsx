import type { Metadata } from "next";
import { EnvironmentManagedButton } from "@/components/policies/environment-managed-button";
import { PageHeader } from "@/components/shell/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { CONSOLE_ROLES } from "@/lib/roles";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { listEnvironments } from "@/server/domain/environments/service";
import { setEnvironmentManagedAction } from "./actions";

export const metadata: Metadata = { title: "Environments" };

export default async function EnvironmentsPage() {
  const user = await requireRole(...CONSOLE_ROLES);
  const environments = await listEnvironments(db(), user.tenantId);
  const readOnly = user.role !== "GLOBAL_ADMIN";
  return (
    <>
      <PageHeader
        title="Environments"
        crumbs={[{ label: "Power Platform" }]}
        description="Managed Environments get auto-claim policies scoped to managed environments; making the first one managed brings the auto-created Power Apps policy if you have none."
      />
      {readOnly && <ReadOnlyNotice />}
      <section aria-labelledby="environments-heading" className="rounded-md border border-line bg-white shadow-sm">
        <h2 id="environments-heading" className="border-b border-line px-5 py-4 text-base font-semibold">
          Environments
        </h2>
        {environments.length === 0 ? (
          <p className="px-5 py-6 text-ink-3">This organization has no Power Platform environments.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full min-w-[640px] text-left">
              <caption className="sr-only">Power Platform environments</caption>
              <thead className="text-xs text-ink-3">
                <tr className="border-b border-line">
                  <th scope="col" className="px-5 py-2 font-semibold">
                    Name
                  </th>
                  <th scope="col" className="px-3 py-2 font-semibold">
                    Region
                  </th>
                  <th scope="col" className="px-3 py-2 font-semibold">
                    Type
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-semibold">
                    Apps
                  </th>
                  <th scope="col" className="px-5 py-2 text-right font-semibold">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {environments.map((env) => (
                  <tr key={env.id} data-testid="environment-row" className="border-b border-line last:border-0">
                    <th scope="row" className="px-5 py-3 font-semibold">
                      {env.name}
                    </th>
                    <td className="px-3 py-3">{env.region}</td>
                    <td className="px-3 py-3" data-testid="environment-type">
                      {env.managed ? "Managed" : "Standard"}
                    </td>
                    <td className="px-3 py-3 text-right tabular-nums">{env._count.apps}</td>
                    <td className="px-5 py-3">
                      <EnvironmentManagedButton
                        environmentId={env.id}
                        name={env.name}
                        managed={env.managed}
                        readOnly={readOnly}
                        action={setEnvironmentManagedAction}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
