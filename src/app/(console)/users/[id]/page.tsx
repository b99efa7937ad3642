import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LaunchEntry, LaunchHistory } from "@/components/launch/launch-history";
import { WhyTrace } from "@/components/launch/why-trace";
import { PageHeader } from "@/components/shell/page-header";
import { Card } from "@/components/ui/table";
import { CONSOLE_ROLES, ROLE_LABELS } from "@/lib/roles";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { listApps } from "@/server/domain/apps/service";
import { defaultWhyApp, getLaunchOf, listLaunchesOf, whyNow } from "@/server/domain/launches/why";
import { getUserDetail } from "@/server/domain/users/service";

export const metadata: Metadata = { title: "User" };

/**
 * A person's page: who they are, "why / why not" — what the launch rule would decide now if they
 * launched an app, step by step — and their latest launches, each with the steps it was decided by.
 */
export default async function PersonPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requireRole(...CONSOLE_ROLES);
  const { id } = await params;
  const person = await getUserDetail(db(), viewer.tenantId, id);
  if (!person) notFound();
  const query = await searchParams;
  const asked = query.app;
  const launchAsked = typeof query.launch === "string" && query.launch !== "" ? query.launch : undefined;
  const apps = await listApps(db(), viewer.tenantId);
  const chosen = typeof asked === "string" && asked !== "" ? asked : undefined;
  const known = chosen !== undefined && apps.some((a) => a.id === chosen);
  const appId = known ? chosen : await defaultWhyApp(db(), viewer.tenantId, person.id);
  const [why, history, launch] = await Promise.all([
    appId ? whyNow(db(), viewer.tenantId, { userId: person.id, appId }) : Promise.resolve(null),
    listLaunchesOf(db(), viewer.tenantId, person.id),
    launchAsked ? getLaunchOf(db(), viewer.tenantId, person.id, launchAsked) : Promise.resolve(null),
  ]);

  return (
    <>
      <PageHeader
        title={person.displayName}
        crumbs={[{ label: "Users", href: "/users" }]}
        description={
          <>
            {person.userPrincipalName} · {ROLE_LABELS[person.role]}
            {person.jobTitle ? ` · ${person.jobTitle}` : ""}
            {person.department ? `, ${person.department}` : ""}
          </>
        }
      >
        <p className="mt-2">
          <Link href={`/users?user=${person.id}`} className="text-brand hover:underline">
            Licenses and assignments
          </Link>
        </p>
      </PageHeader>

      {launchAsked && (
        <Card id="launch-heading" title="The launch you asked about" className="mb-6" testId="launch-asked">
          <div className="px-5 py-3">
            {launch ? (
              <LaunchEntry row={launch} />
            ) : (
              <p role="alert" className="text-danger">
                That launch is not one of {person.displayName}&apos;s.
              </p>
            )}
          </div>
        </Card>
      )}

      <Card
        id="why-heading"
        title="Why / why not"
        description="What would happen if this person launched an app now, decided by the launch rule from today's facts, step by step. Nothing is claimed or recorded."
        className="mb-6"
        testId="why-panel"
      >
        <div className="p-5">
          <form method="get" className="mb-4 flex flex-wrap items-end gap-2" aria-label="Choose the app to explain">
            <div className="w-full min-w-0 sm:w-auto">
              <label htmlFor="why-app" className="block text-xs font-semibold text-ink-2">
                App
              </label>
              <select
                id="why-app"
                name="app"
                defaultValue={appId ?? ""}
                aria-invalid={chosen !== undefined && !known ? true : undefined}
                aria-describedby={chosen !== undefined && !known ? "why-app-error" : undefined}
                className="mt-1 w-full rounded border border-line-strong bg-white px-2 py-1.5 sm:w-auto"
              >
                {apps.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name} — {a.environment.name} ({a.environment.managed ? "managed" : "standard"}){a.premium ? ", premium" : ""}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="rounded bg-brand px-4 py-1.5 font-semibold text-white hover:bg-brand-hover">
              Explain
            </button>
            {chosen !== undefined && !known && (
              <p id="why-app-error" role="alert" className="basis-full text-danger">
                That app does not exist in this organization; showing {why ? why.app.name : "none"} instead.
              </p>
            )}
          </form>
          {!why ? (
            <p className="text-ink-3">This organization has no apps to launch.</p>
          ) : why.accountDisabled ? (
            <p className="text-danger" data-testid="why-disabled">
              This account is disabled: it cannot launch apps, so no license is claimed for it.
            </p>
          ) : (
            <>
              <h3 className="mb-2 font-semibold">
                If {person.displayName} launched {why.app.name} now
              </h3>
              <WhyTrace words={why.words} label={`Steps of the decision for ${why.app.name}`} />
            </>
          )}
        </div>
      </Card>

      <Card
        id="launches-heading"
        title="Launch history"
        description="The latest launches, each with the steps it was decided by at the time."
        testId="launch-history-card"
      >
        <LaunchHistory rows={history} personName={person.displayName} />
      </Card>
    </>
  );
}
