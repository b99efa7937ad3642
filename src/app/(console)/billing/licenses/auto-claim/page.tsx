import type { Metadata } from "next";
import { NotBuiltYet } from "@/components/shell/not-built-yet";
import { PageHeader } from "@/components/shell/page-header";
import { LicensesTabs } from "@/components/shell/licenses-tabs";

export const metadata: Metadata = { title: "Auto-claim policy" };

export default function AutoClaimPolicyPage() {
  return (
    <>
      <PageHeader title="Licenses" crumbs={[{ label: "Billing" }]} />
      <LicensesTabs current="auto-claim" />
      <NotBuiltYet>
        explain auto-claim and offer <strong>Turn on setting</strong> while the setting is off; once it is on, list the auto-claim policies with their name, associated app, assigned product, available licenses and status, and let a Global admin <strong>Add a policy</strong>.
      </NotBuiltYet>
    </>
  );
}
