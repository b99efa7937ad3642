import type { Metadata } from "next";
import Link from "next/link";
import { PolicyStatusBadge, wouldHaveClaimedText } from "@/components/policies/policy-status-badge";
import { TurnOnSettingButton } from "@/components/policies/turn-on-setting-button";
import { LicensesTabs } from "@/components/shell/licenses-tabs";
import { PageHeader } from "@/components/shell/page-header";
import { buttonClass } from "@/components/ui/form";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { Card, DataTable, NumberCell, type Column } from "@/components/ui/table";
import { ADMIN_ROLES, CONSOLE_ROLES, GLOBAL_ADMIN_ROLES, hasRole } from "@/lib/roles";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { AUTO_CLAIM_APP_LABELS, SCOPE_LABELS } from "@/server/domain/policies/schema";
import { listPolicies } from "@/server/domain/policies/service";
import { getTenantSettings } from "@/server/domain/tenants/service";
import { turnOnAutoClaimSetting } from "./actions";

export const metadata: Metadata = { title: "Auto-claim policy" };

const number = new Intl.NumberFormat("en-US");
const COLUMNS: Column[] = ["Name", "Associated app", "Assigned product", { label: "Available licenses", numeric: true }, "Status", "Scope"];
const NEW_HREF = "/billing/licenses/auto-claim/new";

export default async function AutoClaimPolicyPage() {
  const user = await requireRole(...CONSOLE_ROLES);
  const readOnly = !hasRole(user.role, ADMIN_ROLES);
  const [settings, policies] = await Promise.all([getTenantSettings(db(), user.tenantId), listPolicies(db(), user.tenantId)]);

  const addPolicy = readOnly ? (
    <button type="button" disabled className={buttonClass("primary")}>
      <span aria-hidden="true">+</span> Add a policy
    </button>
  ) : (
    <Link href={NEW_HREF} className={buttonClass("primary")}>
      <span aria-hidden="true">+</span> Add a policy
    </Link>
  );

  return (
    <>
      <PageHeader title="Licenses" crumbs={[{ label: "Billing" }]} />
      <LicensesTabs current="auto-claim" />
      {readOnly && <ReadOnlyNotice role={user.role} changers={ADMIN_ROLES} />}

      {!settings.autoClaimEnabled ? (
        <section aria-labelledby="setting-off-heading" className="max-w-3xl rounded-md border border-line bg-white p-6 shadow-sm" data-testid="auto-claim-off">
          <h2 id="setting-off-heading" className="text-lg font-semibold">
            Auto-claim licenses
          </h2>
          <div className="mt-2 space-y-2 text-ink-2">
            <p>
              With auto-claim, people in your organization who open a Power Apps app or run a Power Automate flow that needs a license get one automatically
              from your organization&apos;s pool, the moment they need it — as long as an auto-claim policy covers the app and a license is available. You
              decide which products a policy assigns, in which order, and where it applies.
            </p>
            <p>
              <strong>Auto-claim is off</strong> for {settings.name}. Turn on the setting to let users auto-claim licenses and to manage auto-claim policies
              {policies.length > 0
                ? ` (you have ${policies.length} ${policies.length === 1 ? "policy" : "policies"}; they apply again once the setting is on)`
                : ""}
              .
            </p>
          </div>
          <div className="mt-5">
            <TurnOnSettingButton action={turnOnAutoClaimSetting} readOnly={!hasRole(user.role, GLOBAL_ADMIN_ROLES)} />
          </div>
        </section>
      ) : (
        <Card
          id="policies-heading"
          title="Auto-claim policies"
          description="People get a license from a policy the first time they open an app it covers. One policy per app."
          action={addPolicy}
        >
          {policies.length === 0 ? (
            <div className="px-5 py-10 text-center" data-testid="no-policies">
              <p className="font-semibold">No auto-claim policies yet</p>
              <p className="mt-1 text-ink-3">Add a policy to choose which licenses people can claim, and for which app.</p>
            </div>
          ) : (
            <DataTable caption="Auto-claim policies" className="min-w-[880px]" columns={COLUMNS}>
              {policies.map((p) => {
                const [primary, ...backups] = p.products;
                return (
                  <tr key={p.id} data-testid="policy-row" className="border-b border-line last:border-0">
                    <th scope="row" className="px-5 py-3 font-normal">
                      <Link href={`/billing/licenses/auto-claim/${p.id}`} className="font-semibold text-brand hover:underline">
                        {p.name}
                      </Link>
                      {p.autoCreated && <div className="text-xs text-ink-3">Auto-created</div>}
                    </th>
                    <td className="px-3 py-3">{AUTO_CLAIM_APP_LABELS[p.app]}</td>
                    <td className="px-3 py-3">
                      <div>{primary?.displayName ?? "—"}</div>
                      {backups.length > 0 && <div className="text-xs text-ink-3">then {backups.map((b) => b.displayName).join(", then ")}</div>}
                    </td>
                    <NumberCell testId="available-licenses">{number.format(p.available)}</NumberCell>
                    <td className="px-3 py-3">
                      <PolicyStatusBadge status={p.status} />
                      {p.wouldHaveClaimed !== null && (
                        <div className="mt-1 text-xs text-ink-3" data-testid="would-have-claimed">
                          {wouldHaveClaimedText(p.wouldHaveClaimed)}
                        </div>
                      )}
                    </td>
                    <td className="px-5 py-3" data-testid="policy-scope">
                      {SCOPE_LABELS[p.scope]}
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          )}
        </Card>
      )}
    </>
  );
}
