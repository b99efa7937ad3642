import type { Metadata } from "next";
import { EnvironmentManagedButton } from "@/components/policies/environment-managed-button";
import { PageHeader } from "@/components/shell/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { Card, DataTable, EmptyState, NumberCell, type Column } from "@/components/ui/table";
import { CONSOLE_ROLES, GLOBAL_ADMIN_ROLES, hasRole } from "@/lib/roles";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { listEnvironments } from "@/server/domain/environments/service";
import { setEnvironmentManagedAction } from "./actions";

export const metadata: Metadata = { title: "Environments" };

const COLUMNS: Column[] = ["Name", "Region", "Type", { label: "Apps", numeric: true }, { label: "Actions", srOnly: true, numeric: true }];

export default async function EnvironmentsPage() {
  const user = await requireRole(...CONSOLE_ROLES);
  const environments = await listEnvironments(db(), user.tenantId);
  const readOnly = !hasRole(user.role, GLOBAL_ADMIN_ROLES);
  return (
    <>
      <PageHeader
        title="Environments"
        crumbs={[{ label: "Power Platform" }]}
        description="Managed Environments get auto-claim policies scoped to managed environments; making the first one managed brings the auto-created Power Apps policy if you have none."
      />
      {readOnly && <ReadOnlyNotice role={user.role} changers={GLOBAL_ADMIN_ROLES} />}
      <Card id="environments-heading" title="Environments">
        {environments.length === 0 ? (
          <EmptyState>This organization has no Power Platform environments.</EmptyState>
        ) : (
          <DataTable caption="Power Platform environments" className="min-w-[640px]" columns={COLUMNS}>
            {environments.map((env) => (
              <tr key={env.id} data-testid="environment-row" className="border-b border-line last:border-0">
                <th scope="row" className="px-5 py-3 font-semibold">
                  {env.name}
                </th>
                <td className="px-3 py-3">{env.region}</td>
                <td className="px-3 py-3" data-testid="environment-type">
                  {env.managed ? "Managed" : "Standard"}
                </td>
                <NumberCell>{env._count.apps}</NumberCell>
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
          </DataTable>
        )}
      </Card>
    </>
  );
}
