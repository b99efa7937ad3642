import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/shell/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { RowActionButton } from "@/components/ui/row-action-button";
import { Card, DataTable, EmptyState, type Column } from "@/components/ui/table";
import { GLOBAL_ADMIN_ROLES, hasRole, INTEGRATION_READER_ROLES } from "@/lib/roles";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { isUuid } from "@/server/domain/users/lookup";
import { listDeliveries, listWebhooks } from "@/server/domain/webhooks/service";
import { redeliverAction } from "../actions";

export const metadata: Metadata = { title: "Webhook deliveries" };

const when = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

const COLUMNS: Column[] = [
  "Event",
  "Occurred",
  "Status",
  "Attempts",
  "Last response",
  "Next attempt",
  { label: "Actions", srOnly: true, className: "px-3 py-2" },
];
const STATUS = { PENDING: "Pending", DELIVERED: "Delivered", FAILED: "Failed" } as const;

export default async function WebhookDeliveriesPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireRole(...INTEGRATION_READER_ROLES);
  const readOnly = !hasRole(user.role, GLOBAL_ADMIN_ROLES);
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const hook = (await listWebhooks(db(), user.tenantId)).find((h) => h.id === id);
  if (!hook) notFound();
  const deliveries = await listDeliveries(db(), user.tenantId, hook.id);

  return (
    <>
      <PageHeader
        title={hook.url}
        crumbs={[{ label: "Settings" }, { label: "Webhooks", href: "/settings/webhooks" }]}
        description={`${hook.enabled ? "Enabled" : "Disabled"} · ${hook.eventTypes.join(", ")}. The last 50 deliveries, newest first. Redeliver sends the same event again with the same webhook-id.`}
      />
      {readOnly && <ReadOnlyNotice role={user.role} changers={GLOBAL_ADMIN_ROLES} />}
      <Card id="deliveries-heading" title="Delivery log">
        {deliveries.length === 0 ? (
          <EmptyState className="px-5 py-4">No events yet.</EmptyState>
        ) : (
          <DataTable columns={COLUMNS}>
            {deliveries.map((d) => (
              <tr key={d.id} data-testid={`delivery-${d.eventId}`} className="border-b border-line last:border-0">
                <td className="px-5 py-2">
                  <span className="font-mono text-sm font-semibold">{d.type}</span>
                  <span className="block font-mono text-xs text-ink-3">{d.eventId}</span>
                </td>
                <td className="px-3 py-2">{when.format(d.occurredAt)} UTC</td>
                <td className="px-3 py-2">
                  <span className={d.status === "DELIVERED" ? "text-success" : d.status === "FAILED" ? "text-danger" : undefined}>{STATUS[d.status]}</span>
                  {d.lastError ? <span className="block text-xs text-ink-3">{d.lastError}</span> : null}
                </td>
                <td className="px-3 py-2 tabular-nums">{d.attempts}</td>
                <td className="px-3 py-2 tabular-nums">{d.lastResponseCode ?? "—"}</td>
                <td className="px-3 py-2">{d.status === "PENDING" ? `${when.format(d.nextAttemptAt)} UTC` : "—"}</td>
                <td className="px-3 py-2 text-right">
                  <RowActionButton
                    action={redeliverAction}
                    fields={{ deliveryId: d.id }}
                    label="Redeliver"
                    pendingLabel="Redelivering…"
                    accessibleName={`Redeliver ${d.type} ${d.eventId}`}
                    disabled={readOnly}
                  />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </>
  );
}
