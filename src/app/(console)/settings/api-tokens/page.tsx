import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/shell/page-header";
import { CreateTokenForm } from "@/components/tokens/create-token-form";
import { RevokeTokenButton } from "@/components/tokens/revoke-token-button";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { Card, DataTable, EmptyState, type Column } from "@/components/ui/table";
import { GLOBAL_ADMIN_ROLES, hasRole, INTEGRATION_READER_ROLES } from "@/lib/roles";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { TOKEN_SCOPES } from "@/server/domain/tokens/hash";
import { SCOPE_LABELS } from "@/server/domain/tokens/schema";
import { listApiTokens } from "@/server/domain/tokens/service";
import { createTokenAction, revokeTokenAction } from "./actions";

export const metadata: Metadata = { title: "API tokens" };

const when = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

const COLUMNS: Column[] = ["Name", "Token", "Scopes", "Created", "Last used", "Status", { label: "Actions", srOnly: true, className: "px-3 py-2" }];

export default async function ApiTokensPage() {
  const user = await requireRole(...INTEGRATION_READER_ROLES);
  const readOnly = !hasRole(user.role, GLOBAL_ADMIN_ROLES);
  const tokens = await listApiTokens(db(), user.tenantId);
  const scopes = TOKEN_SCOPES.map((value) => ({ value, ...SCOPE_LABELS[value] }));

  return (
    <>
      <PageHeader
        title="API tokens"
        crumbs={[{ label: "Settings" }]}
        description={
          <>
            Tokens let programs call the launch API (/api/v1), SCIM provisioning (/scim/v2) and the Graph-compatible licensing API (/graph/v1.0). Each is shown
            once when created and stored only as a hash. What each call takes and answers is in the{" "}
            <Link href="/settings/api-tokens/reference" className="text-brand underline">
              API reference
            </Link>
            .
          </>
        }
      />
      {readOnly && <ReadOnlyNotice role={user.role} changers={GLOBAL_ADMIN_ROLES} />}
      <CreateTokenForm action={createTokenAction} scopes={scopes} disabled={readOnly} />
      <Card id="tokens-heading" title="Tokens">
        {tokens.length === 0 ? (
          <EmptyState className="px-5 py-4">No API tokens yet.</EmptyState>
        ) : (
          <DataTable columns={COLUMNS}>
            {tokens.map((t) => (
              <tr key={t.id} data-testid={`token-${t.name}`} className="border-b border-line last:border-0">
                <td className="px-5 py-2 font-semibold">{t.name}</td>
                <td className="px-3 py-2 font-mono text-xs">{t.prefix}…</td>
                <td className="px-3 py-2">{t.scopes.map((s) => SCOPE_LABELS[s as keyof typeof SCOPE_LABELS]?.label ?? s).join(", ")}</td>
                <td className="px-3 py-2">
                  {when.format(t.createdAt)} UTC{t.createdBy ? <span className="block text-ink-3">by {t.createdBy.userPrincipalName}</span> : null}
                </td>
                <td className="px-3 py-2">{t.lastUsedAt ? `${when.format(t.lastUsedAt)} UTC` : "Never"}</td>
                <td className="px-3 py-2">
                  {t.revokedAt ? <span className="text-danger">Revoked {when.format(t.revokedAt)} UTC</span> : <span className="text-success">Active</span>}
                </td>
                <td className="px-3 py-2 text-right">
                  {!t.revokedAt && <RevokeTokenButton action={revokeTokenAction} id={t.id} name={t.name} disabled={readOnly} />}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </>
  );
}
