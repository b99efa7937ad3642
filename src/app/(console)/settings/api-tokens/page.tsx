import type { Metadata } from "next";
import { PageHeader } from "@/components/shell/page-header";
import { CreateTokenForm } from "@/components/tokens/create-token-form";
import { RevokeTokenButton } from "@/components/tokens/revoke-token-button";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { CONSOLE_ROLES } from "@/lib/roles";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { TOKEN_SCOPES } from "@/server/domain/tokens/hash";
import { SCOPE_LABELS } from "@/server/domain/tokens/schema";
import { listApiTokens } from "@/server/domain/tokens/service";
import { createTokenAction, revokeTokenAction } from "./actions";

export const metadata: Metadata = { title: "API tokens" };

const when = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export default async function ApiTokensPage() {
  const user = await requireRole(...CONSOLE_ROLES);
  const readOnly = user.role !== "GLOBAL_ADMIN";
  const tokens = await listApiTokens(db(), user.tenantId);
  const scopes = TOKEN_SCOPES.map((value) => ({ value, ...SCOPE_LABELS[value] }));

  return (
    <>
      <PageHeader
        title="API tokens"
        crumbs={[{ label: "Settings" }]}
        description="Tokens let programs call the launch API (/api/v1) and the Graph-compatible licensing API (/graph/v1.0). Each is shown once when created and stored only as a hash."
      />
      {readOnly && <ReadOnlyNotice />}
      <CreateTokenForm action={createTokenAction} scopes={scopes} disabled={readOnly} />
      <section aria-labelledby="tokens-heading" className="rounded-md border border-line bg-white shadow-sm">
        <h2 id="tokens-heading" className="border-b border-line px-5 py-3 text-base font-semibold">
          Tokens
        </h2>
        {tokens.length === 0 ? (
          <p className="px-5 py-4 text-ink-3">No API tokens yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left">
              <thead className="border-b border-line text-ink-3">
                <tr>
                  <th scope="col" className="px-5 py-2 font-semibold">
                    Name
                  </th>
                  <th scope="col" className="px-3 py-2 font-semibold">
                    Token
                  </th>
                  <th scope="col" className="px-3 py-2 font-semibold">
                    Scopes
                  </th>
                  <th scope="col" className="px-3 py-2 font-semibold">
                    Created
                  </th>
                  <th scope="col" className="px-3 py-2 font-semibold">
                    Last used
                  </th>
                  <th scope="col" className="px-3 py-2 font-semibold">
                    Status
                  </th>
                  <th scope="col" className="px-3 py-2">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-line">
                {tokens.map((t) => (
                  <tr key={t.id} data-testid={`token-${t.name}`}>
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
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
