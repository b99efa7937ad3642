import type { Metadata } from "next";
import { NotBuiltYet } from "@/components/shell/not-built-yet";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Power Platform license settings" };

export default function PowerPlatformLicenseSettingsPage() {
  return (
    <>
      <PageHeader title="Licenses" crumbs={[{ label: "Power Platform" }, { label: "Settings" }]} />
      <NotBuiltYet>
        list each auto-claim policy with its scope — <em>All environments</em> or <em>Managed environments</em> — and let a Global admin change it.
      </NotBuiltYet>
    </>
  );
}
