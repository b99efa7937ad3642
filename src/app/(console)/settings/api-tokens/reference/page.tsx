import type { Metadata } from "next";
import Link from "next/link";
import { ApiReference } from "@/components/api/api-reference";
import { PageHeader } from "@/components/shell/page-header";
import { INTEGRATION_READER_ROLES } from "@/lib/roles";
import { requireRole } from "@/server/auth/guards";

export const metadata: Metadata = { title: "API reference" };

const OPENAPI_PATH = "/api/v1/openapi.json";

/** Settings › API tokens › API reference: the OpenAPI document of /api/v1 and /scim/v2, rendered. */
export default async function ApiReferencePage() {
  await requireRole(...INTEGRATION_READER_ROLES);
  return (
    <>
      <PageHeader
        title="API reference"
        crumbs={[{ label: "Settings" }, { label: "API tokens", href: "/settings/api-tokens" }]}
        description={
          <>
            The launch, directory and policy API (/api/v1) and SCIM 2.0 provisioning (/scim/v2), from the{" "}
            <Link href={OPENAPI_PATH} className="text-brand underline">
              OpenAPI 3.1 document
            </Link>{" "}
            the server generates. Calls need a token from{" "}
            <Link href="/settings/api-tokens" className="text-brand underline">
              API tokens
            </Link>
            ; paste it under Authorize to try a call from here.
          </>
        }
      />
      <ApiReference url={OPENAPI_PATH} />
    </>
  );
}
