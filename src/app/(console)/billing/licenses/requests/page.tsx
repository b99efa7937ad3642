import type { Metadata } from "next";
import { NotBuiltYet } from "@/components/shell/not-built-yet";
import { PageHeader } from "@/components/shell/page-header";
import { LicensesTabs } from "@/components/shell/licenses-tabs";

export const metadata: Metadata = { title: "License requests" };

export default function LicenseRequestsPage() {
  return (
    <>
      <PageHeader title="Licenses" crumbs={[{ label: "Billing" }]} />
      <LicensesTabs current="requests" />
      <NotBuiltYet>
        list the license requests of users who were refused a license, pending and done, and let a Global admin approve one (which assigns the license) or deny it, with an optional message.
      </NotBuiltYet>
    </>
  );
}
