import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/shell/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { RowActionButton } from "@/components/ui/row-action-button";
import { Card, DataTable, EmptyState, type Column } from "@/components/ui/table";
import { CreateWebhookForm } from "@/components/webhooks/create-webhook-form";
import { DeleteWebhookButton } from "@/components/webhooks/delete-webhook-button";
import { GLOBAL_ADMIN_ROLES, hasRole, INTEGRATION_READER_ROLES } from "@/lib/roles";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { WEBHOOK_EVENT_TYPE_LIST, WEBHOOK_EVENT_TYPES } from "@/server/domain/webhooks/schema";
import { listWebhooks } from "@/server/domain/webhooks/service";
import { createWebhookAction, deleteWebhookAction, sendTestEventAction, setWebhookEnabledAction } from "./actions";

export const metadata: Metadata = { title: "Webhooks" };

const when = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

const COLUMNS: Column[] = ["URL", "Event types", "Created", "Status", { label: "Actions", srOnly: true, className: "px-3 py-2" }];

export default async function WebhooksPage() {
  const user = await requireRole(...INTEGRATION_READER_ROLES);
  const readOnly = !hasRole(user.role, GLOBAL_ADMIN_ROLES);
  const hooks = await listWebhooks(db(), user.tenantId);
  const eventTypes = WEBHOOK_EVENT_TYPE_LIST.map((value) => ({ value, description: WEBHOOK_EVENT_TYPES[value] }));

  return (
    <>
      <PageHeader
        title="Webhooks"
        crumbs={[{ label: "Settings" }]}
        description="Webhooks tell other systems what happened — licences claimed and released, policies changed, people waiting and served — as signed CloudEvents, retried for 24 hours. Each webhook's signing secret is shown once when created."
      />
      {readOnly && <ReadOnlyNotice role={user.role} changers={GLOBAL_ADMIN_ROLES} />}
      <CreateWebhookForm action={createWebhookAction} eventTypes={eventTypes} disabled={readOnly} />
      <Card id="webhooks-heading" title="Webhooks">
        {hooks.length === 0 ? (
          <EmptyState className="px-5 py-4">No webhooks yet.</EmptyState>
        ) : (
          <DataTable columns={COLUMNS}>
            {hooks.map((h) => (
              <tr key={h.id} data-testid={`webhook-${h.id}`} className="border-b border-line last:border-0">
                <td className="px-5 py-2">
                  <Link href={`/settings/webhooks/${h.id}`} className="font-semibold text-brand underline-offset-2 hover:underline">
                    {h.url}
                  </Link>
                  {h.description ? <span className="block text-ink-3">{h.description}</span> : null}
                </td>
                <td className="px-3 py-2 font-mono text-xs">{h.eventTypes.join(", ")}</td>
                <td className="px-3 py-2">{when.format(h.createdAt)} UTC</td>
                <td className="px-3 py-2">{h.enabled ? <span className="text-success">Enabled</span> : <span className="text-ink-3">Disabled</span>}</td>
                <td className="space-x-2 whitespace-nowrap px-3 py-2 text-right">
                  <RowActionButton
                    action={setWebhookEnabledAction}
                    fields={{ id: h.id, enabled: String(!h.enabled) }}
                    label={h.enabled ? "Disable" : "Enable"}
                    pendingLabel={h.enabled ? "Disabling…" : "Enabling…"}
                    accessibleName={`${h.enabled ? "Disable" : "Enable"} webhook ${h.url}`}
                    disabled={readOnly}
                  />
                  <RowActionButton
                    action={sendTestEventAction}
                    fields={{ id: h.id }}
                    label="Send test event"
                    pendingLabel="Sending…"
                    accessibleName={`Send a test event to ${h.url}`}
                    disabled={readOnly}
                  />
                  <DeleteWebhookButton action={deleteWebhookAction} id={h.id} url={h.url} disabled={readOnly} />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </>
  );
}
