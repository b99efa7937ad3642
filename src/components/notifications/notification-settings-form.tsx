"use client";

import { AdminForm } from "@/components/ui/admin-form";
import { buttonClass, checkboxClass } from "@/components/ui/form";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";

export interface KindRow {
  kind: string;
  label: string;
  description: string;
  audience: "admins" | "person";
  inApp: boolean;
  email: boolean;
}

const CHANNEL = { inApp: "in the portal", email: "by e-mail" } as const;

/** For each kind of notification: shown in the portal, sent by e-mail; then Save. */
export function NotificationSettingsForm({
  kinds,
  readOnly,
  action,
}: {
  kinds: KindRow[];
  readOnly: boolean;
  action: ClientAction<FormData, { changed: boolean }>;
}) {
  const { run, pending, formError } = useAdminAction(action, { success: (d) => (d.changed ? "Notification settings saved" : "No changes to save") });
  return (
    <AdminForm run={run} formError={formError}>
      <div className="overflow-x-auto">
        <table className="w-full text-left">
          <caption className="sr-only">Notifications, in the portal and by e-mail</caption>
          <thead className="text-xs text-ink-3">
            <tr className="border-b border-line">
              <th scope="col" className="px-5 py-2 font-semibold">
                Notification
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                Goes to
              </th>
              <th scope="col" className="px-3 py-2 text-center font-semibold">
                In the portal
              </th>
              <th scope="col" className="px-5 py-2 text-center font-semibold">
                By e-mail
              </th>
            </tr>
          </thead>
          <tbody>
            {kinds.map((k) => (
              <tr key={k.kind} className="border-b border-line last:border-0 align-top">
                <th scope="row" className="px-5 py-3 text-left font-normal">
                  <span className="block font-semibold" id={`${k.kind}-label`}>
                    {k.label}
                  </span>
                  <span className="block text-ink-3">{k.description}</span>
                </th>
                <td className="px-3 py-3 text-ink-2">
                  {k.audience === "admins" ? "Admins (the bell; e-mail to Global admins)" : "The person (on App launch)"}
                </td>
                {(["inApp", "email"] as const).map((channel, i) => (
                  <td key={channel} className={`${i === 0 ? "px-3" : "px-5"} py-3 text-center`}>
                    <input
                      type="checkbox"
                      name={`${k.kind}.${channel}`}
                      defaultChecked={k[channel]}
                      disabled={readOnly || pending}
                      aria-label={`${k.label}: ${CHANNEL[channel]}`}
                      className={checkboxClass}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="border-t border-line px-5 py-4">
        <button type="submit" disabled={readOnly || pending} className={buttonClass("primary")}>
          {pending ? "Saving…" : "Save"}
        </button>
      </div>
    </AdminForm>
  );
}
