import type { Metadata } from "next";
import { NotBuiltYet } from "@/components/shell/not-built-yet";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Environments" };

export default function EnvironmentsPage() {
  return (
    <>
      <PageHeader title="Environments" crumbs={[{ label: "Power Platform" }]} />
      <NotBuiltYet>
        list the Power Platform environments with their region and type, and let a Global admin make an environment managed or standard.
      </NotBuiltYet>
    </>
  );
}
