import type { Metadata } from "next";
import { NotBuiltYet } from "@/components/shell/not-built-yet";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "API tokens" };

export default function ApiTokensPage() {
  return (
    <>
      <PageHeader title="API tokens" crumbs={[{ label: "Settings" }]} />
      <NotBuiltYet>
        let a Global admin create API tokens for the launch API and the Graph-compatible licensing API (each token is shown once and stored hashed), list them and revoke them.
      </NotBuiltYet>
    </>
  );
}
