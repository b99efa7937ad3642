import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DeletePolicy } from "@/components/policies/details/delete-policy";
import { GroupForm } from "@/components/policies/details/group-form";
import { MaxUnitsForm } from "@/components/policies/details/max-units-form";
import { ProductsEditor, ServicePlansForm } from "@/components/policies/details/products-editor";
import { RenameForm } from "@/components/policies/details/rename-form";
import { StatusSwitch } from "@/components/policies/details/status-switch";
import { WaitlistExpiryForm } from "@/components/policies/details/waitlist-expiry-form";
import { RemoveFromWaitlistButton } from "@/components/policies/details/waitlist-remove";
import { SimulationNumbers } from "@/components/policies/simulation-numbers";
import { PageHeader } from "@/components/shell/page-header";
import { buttonClass } from "@/components/ui/form";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { DataTable } from "@/components/ui/table";
import { ADMIN_ROLES, CONSOLE_ROLES, hasRole } from "@/lib/roles";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { listWaitlist } from "@/server/domain/launches/waitlist";
import { AUTO_CLAIM_APP_LABELS, SCOPE_LABELS } from "@/server/domain/policies/schema";
import { getDeletedPolicy, getPolicy, getPolicyOptions } from "@/server/domain/policies/service";
import { simulatePolicy } from "@/server/domain/policies/simulation";
import {
  deletePolicyAction,
  removeWaitlistEntryAction,
  renamePolicyAction,
  setPolicyGroupAction,
  setPolicyProductsAction,
  setMaxUnitsAction,
  setPolicyStatusAction,
  setWaitlistExpiryAction,
} from "./actions";

export const metadata: Metadata = { title: "Policy details" };

const CRUMBS = [{ label: "Billing" }, { label: "Licenses", href: "/billing/licenses" }, { label: "Auto-claim policy", href: "/billing/licenses/auto-claim" }];
const dateTime = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

function Card({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-md border border-line bg-white p-5 shadow-sm">
      <h2 id={id} className="mb-3 text-base font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** One auto-claim policy: status, name, products and their apps, group, scope; delete; its report. */
export default async function PolicyDetailsPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireRole(...CONSOLE_ROLES);
  const { id } = await params;
  const [policy, options, waitlist] = await Promise.all([
    getPolicy(db(), user.tenantId, id),
    getPolicyOptions(db(), user.tenantId),
    listWaitlist(db(), user.tenantId, id),
  ]);
  if (!policy) {
    // A deleted policy's address (e.g. this page re-rendered right after Delete) says so; an unknown one is a 404.
    const deleted = await getDeletedPolicy(db(), user.tenantId, id);
    if (!deleted) notFound();
    return (
      <>
        <PageHeader title={deleted.name} crumbs={CRUMBS} />
        <p role="status" className="max-w-3xl rounded-md border border-line bg-white p-5">
          This auto-claim policy was deleted on {dateTime.format(deleted.deletedAt)} UTC.{" "}
          <Link href="/billing/licenses/auto-claim" className="text-brand underline">
            Back to auto-claim policies
          </Link>
        </p>
      </>
    );
  }
  const readOnly = !hasRole(user.role, ADMIN_ROLES);
  const appLabel = AUTO_CLAIM_APP_LABELS[policy.app];
  const inPolicy = new Set(policy.products.map((p) => p.productId));
  const candidates = options.products.filter((p) => p.app === policy.app && !inPolicy.has(p.id));
  const simulation = await simulatePolicy(db(), user.tenantId, { app: policy.app, scope: policy.scope, productIds: [...inPolicy] }, new Date());

  return (
    <>
      <PageHeader
        title={policy.name}
        crumbs={CRUMBS}
        description={
          <>
            {appLabel} auto-claim policy{policy.autoCreated ? " · Auto-created" : ""} · created {dateTime.format(policy.createdAt)} UTC
            {policy.createdBy ? ` by ${policy.createdBy}` : ""}
          </>
        }
      >
        <div className="mt-4 flex flex-wrap gap-2">
          <Link href={`/billing/licenses/auto-claim/${policy.id}/report`} className={buttonClass("secondary")}>
            View report
          </Link>
          <Link href={`/billing/licenses/auto-claim/${policy.id}/reclaim`} className={buttonClass("secondary")}>
            Reclaim unused licenses
          </Link>
          <DeletePolicy policyId={policy.id} name={policy.name} autoCreated={policy.autoCreated} readOnly={readOnly} action={deletePolicyAction} />
        </div>
      </PageHeader>
      {readOnly && <ReadOnlyNotice role={user.role} changers={ADMIN_ROLES} />}

      <div className="grid max-w-5xl gap-4">
        <Card id="status-heading" title="Status">
          <StatusSwitch key={policy.status} policyId={policy.id} status={policy.status} readOnly={readOnly} action={setPolicyStatusAction} />
        </Card>
        <Card id="simulation-heading" title="Simulation">
          <SimulationNumbers result={simulation} />
        </Card>
        <Card id="name-heading" title="Name">
          <RenameForm policyId={policy.id} name={policy.name} readOnly={readOnly} action={renamePolicyAction} />
        </Card>
        <Card id="products-heading" title="Products">
          <ProductsEditor
            policyId={policy.id}
            appLabel={appLabel}
            products={policy.products}
            candidates={candidates}
            readOnly={readOnly}
            action={setPolicyProductsAction}
          />
        </Card>
        <Card id="apps-heading" title="Apps">
          <p className="mb-3 text-ink-3">The apps (service plans) turned on in each license this policy assigns. At least one stays on.</p>
          <ServicePlansForm policyId={policy.id} products={policy.products} readOnly={readOnly} action={setPolicyProductsAction} />
        </Card>
        <Card id="group-heading" title="Group">
          <GroupForm policyId={policy.id} groupId={policy.group?.id ?? null} groups={options.groups} readOnly={readOnly} action={setPolicyGroupAction} />
        </Card>
        <Card id="max-units-heading" title="License limit">
          <div className="max-w-md">
            <MaxUnitsForm policyId={policy.id} maxUnits={policy.maxUnits} heldUnits={policy.heldUnits} readOnly={readOnly} action={setMaxUnitsAction} />
          </div>
        </Card>
        <Card id="scope-heading" title="Scope">
          <p>
            <span className="font-semibold" data-testid="policy-scope">
              {SCOPE_LABELS[policy.scope]}
            </span>
            <span className="text-ink-3">
              {policy.scope === "MANAGED_ONLY"
                ? " — the policy applies to apps in Managed Environments only."
                : " — the policy applies to apps in every environment."}
            </span>
          </p>
          <p className="mt-1">
            <Link href="/power-platform/settings/licenses" className="text-brand hover:underline">
              Change the scope in Power Platform › Settings › Licenses
            </Link>
          </p>
        </Card>
      </div>
      <section aria-labelledby="waitlist-heading" className="mt-4 rounded-md border border-line bg-white shadow-sm" data-testid="waitlist">
        <div className="px-5 pt-5 pb-3">
          <h2 id="waitlist-heading" className="text-base font-semibold">
            Waiting list
          </h2>
          <p className="text-ink-2">
            {waitlist.total === 0
              ? "Nobody is waiting: people refused for lack of licenses join this list and get a license automatically, in order, as soon as one is free."
              : `${waitlist.total} ${waitlist.total === 1 ? "person is" : "people are"} waiting, served in this order as licenses free up. An entry expires after ${policy.waitlistExpiryDays} days without a launch.`}
          </p>
          <div className="mt-3 max-w-md">
            <WaitlistExpiryForm policyId={policy.id} days={policy.waitlistExpiryDays} readOnly={readOnly} action={setWaitlistExpiryAction} />
          </div>
        </div>
        {waitlist.total > 0 && (
          <DataTable
            caption="People waiting for a license, in serving order"
            columns={["#", "User", "Waiting since", "Last launch", { label: "Actions", srOnly: true }]}
          >
            {waitlist.rows.map((r) => (
              <tr key={r.id} className="border-b border-line last:border-0" data-testid="waitlist-row">
                <td className="px-5 py-2 tabular-nums">{r.position}</td>
                <th scope="row" className="px-3 py-2 font-normal">
                  <span className="font-semibold">{r.displayName}</span> <span className="text-ink-3">{r.userPrincipalName}</span>
                </th>
                <td className="px-3 py-2">{dateTime.format(r.since)} UTC</td>
                <td className="px-3 py-2">{dateTime.format(r.lastLaunchAt)} UTC</td>
                <td className="px-5 py-2 text-right">
                  <RemoveFromWaitlistButton action={removeWaitlistEntryAction} entryId={r.id} displayName={r.displayName} disabled={readOnly} />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
    </>
  );
}
