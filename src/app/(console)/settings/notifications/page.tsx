import type { Metadata } from "next";
import { Badge } from "@/components/launch/launch-frame";
import { NotificationSettingsForm } from "@/components/notifications/notification-settings-form";
import { PageHeader } from "@/components/shell/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { Card, DataTable } from "@/components/ui/table";
import { env } from "@/env";
import { ADMIN_ROLES, CONSOLE_ROLES, hasRole } from "@/lib/roles";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { listRecentEmails } from "@/server/domain/notifications/outbox";
import { NOTIFICATION_KINDS } from "@/server/domain/notifications/schema";
import { getNotificationSettings } from "@/server/domain/notifications/service";
import { smtpOptions } from "@/server/mail/transport";
import { saveNotificationSettings } from "./actions";

export const metadata: Metadata = { title: "Notifications" };

const when = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const STATUS = {
  SENT: ["Sent", "success"],
  PENDING: ["Waiting", "warning"],
  FAILED: ["Failed", "danger"],
  SKIPPED: ["Not sent", "neutral"],
} as const;

/** Settings › Notifications: which kinds are shown and mailed, whether e-mail is set up, and the latest e-mails. */
export default async function NotificationSettingsPage() {
  const user = await requireRole(...CONSOLE_ROLES);
  const prisma = db();
  const [settings, emails] = await Promise.all([getNotificationSettings(prisma, user.tenantId), listRecentEmails(prisma, user.tenantId)]);
  const readOnly = !hasRole(user.role, ADMIN_ROLES);
  const smtp = env.SMTP_URL ? smtpOptions(env.SMTP_URL) : null;
  return (
    <>
      <PageHeader
        title="Notifications"
        crumbs={[{ label: "Settings" }]}
        description="Who is told when a product runs low, when it has licenses again, and when a waiting person gets one."
      />
      {readOnly && <ReadOnlyNotice role={user.role} changers={ADMIN_ROLES} />}
      <div className="flex max-w-5xl flex-col gap-6">
        <Card id="kinds-heading" title="What to tell">
          <NotificationSettingsForm
            readOnly={readOnly}
            action={saveNotificationSettings}
            kinds={settings.map((s) => ({ ...s, ...NOTIFICATION_KINDS[s.kind] }))}
          />
        </Card>
        <Card
          id="email-heading"
          title="E-mail"
          description={
            smtp
              ? `Sent through ${smtp.host}:${smtp.port}${smtp.secure ? " (TLS)" : ""} from ${env.SMTP_FROM}, with links to ${env.APP_URL}.`
              : "E-mail is not set up: notifications are shown in the portal only. Set SMTP_URL and APP_URL on the server to send them."
          }
        >
          <DataTable
            caption="The latest e-mails"
            columns={["Written", "Notification", "To", "Status"]}
            empty={emails.length === 0 ? "No e-mail yet." : undefined}
            testId="email-log"
          >
            {emails.map((e) => {
              const [label, tone] = STATUS[e.status];
              return (
                <tr key={e.id} className="border-b border-line last:border-0 align-top">
                  <td className="px-5 py-3 whitespace-nowrap">{when.format(e.createdAt)} UTC</td>
                  <td className="px-3 py-3">
                    <span className="block">{e.subject ?? NOTIFICATION_KINDS[e.notification.kind].label}</span>
                  </td>
                  <td className="px-3 py-3 break-all">{e.recipients.length > 0 ? e.recipients.join(", ") : "—"}</td>
                  <td className="px-5 py-3">
                    <Badge tone={tone}>{label}</Badge>
                    <span className="block text-ink-3">
                      {e.status === "SENT" && e.sentAt
                        ? when.format(e.sentAt) + " UTC"
                        : e.status === "PENDING" && e.attempts > 0
                          ? `Attempt ${e.attempts} failed: ${e.lastError}. Next try ${when.format(e.nextAttemptAt)} UTC.`
                          : (e.lastError ?? "")}
                    </span>
                  </td>
                </tr>
              );
            })}
          </DataTable>
        </Card>
      </div>
    </>
  );
}
