import type { Metadata } from "next";
import Link from "next/link";
import { PolicyStatusBadge } from "@/components/policies/policy-status-badge";
import { TurnOnSettingButton } from "@/components/policies/turn-on-setting-button";
import { LicensesTabs } from "@/components/shell/licenses-tabs";
import { PageHeader } from "@/components/shell/page-header";
import { buttonClass } from "@/components/ui/form";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { CONSOLE_ROLES } from "@/lib/roles";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { AUTO_CLAIM_APP_LABELS } from "@/server/domain/policies/schema";
import { listPolicies } from "@/server/domain/policies/service";
import { getTenantSettings } from "@/server/domain/tenants/service";
import { turnOnAutoClaimSetting } from "./actions";

export const metadata: Metadata = { title: "Auto-claim policy" };

const number = new Intl.NumberFormat("en-US");
const NEW_HREF = "/billing/licenses/auto-claim/new";

export default async function AutoClaimPolicyPage() {
  const user = await requireRole(...CONSOLE_ROLES);
  const readOnly = user.role !== "GLOBAL_ADMIN";
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
      {readOnly && <ReadOnlyNotice />}

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
            <TurnOnSettingButton action={turnOnAutoClaimSetting} readOnly={readOnly} />
          </div>
        </section>
      ) : (
        <section aria-labelledby="policies-heading" className="rounded-md border border-line bg-white shadow-sm">
          <div className="flex flex-wrap items-center justify-between gap-3 border-b border-line px-5 py-4">
            <div>
              <h2 id="policies-heading" className="text-base font-semibold">
                Auto-claim policies
              </h2>
              <p className="text-ink-3">People get a license from a policy the first time they open an app it covers. One policy per app.</p>
            </div>
            {addPolicy}
          </div>
          {policies.length === 0 ? (
            <div className="px-5 py-10 text-center" data-testid="no-policies">
              <p className="font-semibold">No auto-claim policies yet</p>
              <p className="mt-1 text-ink-3">Add a policy to choose which licenses people can claim, and for which app.</p>
            </div>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full min-w-[760px] text-left">
                <caption className="sr-only">Auto-claim policies</caption>
                <thead className="text-xs text-ink-3">
                  <tr className="border-b border-line">
                    <th scope="col" className="px-5 py-2 font-semibold">
                      Name
                    </th>
                    <th scope="col" className="px-3 py-2 font-semibold">
                      Associated app
                    </th>
                    <th scope="col" className="px-3 py-2 font-semibold">
                      Assigned product
                    </th>
                    <th scope="col" className="px-3 py-2 text-right font-semibold">
                      Available licenses
                    </th>
                    <th scope="col" className="px-5 py-2 font-semibold">
                      Status
                    </th>
                  </tr>
                </thead>
                <tbody>
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
                        <td className="px-3 py-3 text-right tabular-nums" data-testid="available-licenses">
                          {number.format(p.available)}
                        </td>
                        <td className="px-5 py-3">
                          <PolicyStatusBadge enabled={p.enabled} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </>
  );
}
