import type { Metadata } from "next";
import { NotBuiltYet } from "@/components/shell/not-built-yet";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Org settings" };

export default function OrgSettingsPage() {
  return (
    <>
      <PageHeader title="Org settings" crumbs={[{ label: "Settings" }]} />
      <NotBuiltYet>
        hold the organization&apos;s auto-claim switch, “Let users auto-claim licenses the first time they sign in”, where a Global admin turns the setting off.
      </NotBuiltYet>
    </>
  );
}
