import type { Metadata } from "next";
import Link from "next/link";
import { AutoClaimSettingForm } from "@/components/policies/auto-claim-setting-form";
import { PageHeader } from "@/components/shell/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { CONSOLE_ROLES, GLOBAL_ADMIN_ROLES, hasRole } from "@/lib/roles";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { getTenantSettings } from "@/server/domain/tenants/service";
import { DisableReleasesDirectForm } from "@/components/settings/disable-releases-direct-form";
import { saveAutoClaimSetting, saveDisableReleasesDirect } from "./actions";

export const metadata: Metadata = { title: "Org settings" };

export default async function OrgSettingsPage() {
  const user = await requireRole(...CONSOLE_ROLES);
  const settings = await getTenantSettings(db(), user.tenantId);
  const readOnly = !hasRole(user.role, GLOBAL_ADMIN_ROLES);
  return (
    <>
      <PageHeader title="Org settings" crumbs={[{ label: "Settings" }]} description={`Settings that apply to everyone in ${settings.name}.`} />
      {readOnly && <ReadOnlyNotice role={user.role} changers={GLOBAL_ADMIN_ROLES} />}
      <section aria-labelledby="auto-claim-heading" className="max-w-3xl rounded-md border border-line bg-white p-6 shadow-sm">
        <h2 id="auto-claim-heading" className="text-base font-semibold">
          Auto-claim licenses
        </h2>
        <p className="mt-1 mb-4 text-ink-2">
          People who open an app that needs a license get one from your organization&apos;s pool, as the{" "}
          <Link href="/billing/licenses/auto-claim" className="text-brand underline">
            auto-claim policies
          </Link>{" "}
          say.
        </p>
        <AutoClaimSettingForm enabled={settings.autoClaimEnabled} readOnly={readOnly} action={saveAutoClaimSetting} />
      </section>
      <section aria-labelledby="provisioning-heading" className="mt-6 max-w-3xl rounded-md border border-line bg-white p-6 shadow-sm">
        <h2 id="provisioning-heading" className="text-base font-semibold">
          Disabled users
        </h2>
        <p className="mt-1 mb-4 text-ink-2">
          When your identity provider disables someone (SCIM <code>active: false</code>), their auto-claimed licenses are released at once and go to the people
          waiting.
        </p>
        <DisableReleasesDirectForm enabled={settings.disableReleasesDirect} readOnly={readOnly} action={saveDisableReleasesDirect} />
      </section>
    </>
  );
}
