import type { Metadata } from "next";
import Link from "next/link";
import { Badge, LaunchFrame } from "@/components/launch/launch-frame";
import { LaunchButton } from "@/components/launch/launch-button";
import { KeepItButton } from "@/components/reclaim/reclaim-action-button";
import { PageHeader } from "@/components/shell/page-header";
import { Toaster } from "@/components/ui/toaster";
import { env } from "@/env";
import { requireUser } from "@/server/auth/guards";
import { db } from "@/server/db";
import { listApps } from "@/server/domain/apps/service";
import { listLicensesOf } from "@/server/domain/licenses/service";
import { listPersonalNotifications } from "@/server/domain/notifications/service";
import { listOpenNotices } from "@/server/domain/reclaim/notices";
import { listRequestsOf } from "@/server/domain/requests/service";
import { findUsers } from "@/server/domain/users/lookup";
import { keepLicenseAction, launchApp } from "./actions";

export const metadata: Metadata = { title: "App launch (demo)" };

const KIND = { CANVAS: "Canvas app", MODEL_DRIVEN: "Model-driven app", CLOUD_FLOW: "Cloud flow" } as const;
const SOURCE = { DIRECT: "Assigned by an admin", AUTO_CLAIM: "Auto-claimed", GROUP: "Through a group" } as const;
const REQUEST = {
  PENDING: ["Pending", "warning"],
  APPROVED: ["Approved", "success"],
  DENIED: ["Denied", "danger"],
  ALREADY_LICENSED: ["Already licensed", "success"],
} as const;
const date = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const longDay = new Intl.DateTimeFormat("en-US", { day: "numeric", month: "long", timeZone: "UTC" });

/**
 * The demo app-launch page: pick who you are (in demo mode; otherwise yourself), see the apps with
 * their environment and premium badges, and launch one.
 */
export default async function LaunchPage({ searchParams }: { searchParams: Promise<{ as?: string }> }) {
  const viewer = await requireUser();
  const { as } = await searchParams;
  const prisma = db();
  const people = env.DEMO_MODE ? await findUsers(prisma, viewer.tenantId) : [];
  const acting = (env.DEMO_MODE && people.find((p) => p.id === as)) || { id: viewer.id, displayName: viewer.displayName, userPrincipalName: viewer.upn };
  const [apps, licenses, requests, notifications, notices] = await Promise.all([
    listApps(prisma, viewer.tenantId),
    listLicensesOf(prisma, viewer.tenantId, acting.id),
    listRequestsOf(prisma, viewer.tenantId, acting.id),
    listPersonalNotifications(prisma, viewer.tenantId, acting.id),
    listOpenNotices(prisma, viewer.tenantId, acting.id),
  ]);

  return (
    <LaunchFrame user={viewer}>
      <Toaster />
      <PageHeader title="App launch (demo)" description="Open an app as a person in your organization would, and see whether a license is claimed for them." />

      {env.DEMO_MODE && (
        <form method="get" className="mb-6 flex flex-wrap items-end gap-3 rounded-md border border-line bg-white p-4 shadow-sm">
          <div className="min-w-0 max-w-full">
            <label htmlFor="as" className="block font-semibold">
              Launch as
            </label>
            <select
              id="as"
              name="as"
              defaultValue={acting.id}
              className="mt-1 w-full max-w-full rounded border border-line-strong bg-white px-2 py-1.5 sm:w-auto sm:min-w-72"
            >
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.displayName} ({p.userPrincipalName}){p.id === viewer.id ? " — you" : ""}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="rounded border border-line-strong bg-white px-4 py-1.5 font-semibold hover:bg-canvas">
            Switch user
          </button>
          <p className="basis-full text-ink-3">Demo mode: you can play any person of the organization.</p>
        </form>
      )}

      <section aria-labelledby="who-heading" className="mb-6 rounded-md border border-line bg-white p-4 shadow-sm">
        <h2 id="who-heading" className="font-semibold">
          {acting.displayName} <span className="font-normal text-ink-3">({acting.userPrincipalName})</span>
        </h2>
        {licenses.length === 0 ? (
          <p className="mt-1 text-ink-3">No licenses.</p>
        ) : (
          <ul className="mt-2 flex flex-wrap gap-2" aria-label="Licenses held">
            {licenses.map((l) => (
              <li key={l.id} className="rounded border border-line px-2 py-1">
                <span className="font-semibold">{l.product.displayName}</span>{" "}
                <span className="text-ink-3">
                  — {SOURCE[l.source]}
                  {l.source === "AUTO_CLAIM" && l.policy ? ` by “${l.policy.name}”` : ""}
                  {l.source === "GROUP" && l.membership ? ` “${l.membership.group.displayName}”` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      {notices.length > 0 && (
        <section aria-labelledby="notices-heading" className="mb-6 rounded-md border border-warning bg-white shadow-sm">
          <h2 id="notices-heading" className="border-b border-line px-4 py-3 text-base font-semibold">
            Licenses about to be released
          </h2>
          <ul className="divide-y divide-line">
            {notices.map((n) => (
              <li key={n.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3" data-testid="reclaim-notice">
                <p>
                  Your {n.productName} license will be released on {longDay.format(n.releaseOn)} because you haven&apos;t used it since{" "}
                  {longDay.format(n.lastUsedAt)}.<span className="block text-ink-3">Keep it, or open an app that uses it, and it stays yours.</span>
                </p>
                {acting.id === viewer.id ? (
                  <KeepItButton action={keepLicenseAction} noticeId={n.id} productName={n.productName} />
                ) : (
                  <span className="text-ink-3">Only {acting.displayName} can keep it.</span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      {notifications.length > 0 && (
        <section aria-labelledby="notifications-heading" className="mb-6 rounded-md border border-line bg-white shadow-sm">
          <h2 id="notifications-heading" className="border-b border-line px-4 py-3 text-base font-semibold">
            Notifications
          </h2>
          <ul className="divide-y divide-line">
            {notifications.map((n) => (
              <li key={n.id} className="px-4 py-3" data-testid="personal-notification">
                <p className="font-semibold">{n.title}</p>
                <p className="text-ink-2">{n.body}</p>
                <p className="text-xs text-ink-3">{date.format(n.createdAt)} UTC</p>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="apps-heading">
        <h2 id="apps-heading" className="mb-3 text-base font-semibold">
          Apps and flows
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {apps.map((app) => (
            <li key={app.id} className="flex flex-col gap-2 rounded-md border border-line bg-white p-4 shadow-sm" data-testid={`app-${app.name}`}>
              <h3 className="font-semibold">{app.name}</h3>
              <p className="text-ink-3">{app.description}</p>
              <p className="flex flex-wrap gap-1.5">
                <Badge tone="neutral">{KIND[app.kind]}</Badge>
                {app.premium ? <Badge tone="warning">Premium</Badge> : <Badge tone="neutral">Standard</Badge>}
                <Badge tone={app.environment.managed ? "brand" : "neutral"}>
                  {app.environment.name} · {app.environment.managed ? "Managed" : "Standard"}
                </Badge>
              </p>
              <LaunchButton action={launchApp} userId={acting.id} appId={app.id} appName={app.name} isFlow={app.kind === "CLOUD_FLOW"} />
            </li>
          ))}
        </ul>
      </section>

      {requests.length > 0 && (
        <section aria-labelledby="requests-heading" className="mt-8 rounded-md border border-line bg-white shadow-sm">
          <h2 id="requests-heading" className="border-b border-line px-4 py-3 text-base font-semibold">
            License requests
          </h2>
          <ul className="divide-y divide-line">
            {requests.map((r) => (
              <li key={r.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 px-4 py-3">
                <Badge tone={REQUEST[r.status][1]}>{REQUEST[r.status][0]}</Badge>
                <span className="font-semibold">{r.app?.name ?? "An app"}</span>
                <span className="text-ink-3">asked {date.format(r.createdAt)} UTC</span>
                {r.decisionMessage && <span className="basis-full">Your administrator: “{r.decisionMessage}”</span>}
                {r.launchId && (
                  <Link href={`/launch/${r.launchId}`} className="text-brand hover:underline">
                    View
                  </Link>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </LaunchFrame>
  );
}
