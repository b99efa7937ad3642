import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge, LaunchFrame } from "@/components/launch/launch-frame";
import { RequestLicenseForm } from "@/components/launch/request-license-form";
import { env } from "@/env";
import { requireUser } from "@/server/auth/guards";
import { db } from "@/server/db";
import { mayViewLaunch } from "@/server/domain/launches/acting";
import { getLaunchOutcome } from "@/server/domain/launches/service";
import { pendingRequestFor } from "@/server/domain/requests/service";
import { requestLicenseAction } from "../actions";

export const metadata: Metadata = { title: "App launch (demo)" };

const REQUEST = {
  APPROVED: "Your request was approved.",
  DENIED: "Your request was denied.",
  ALREADY_LICENSED: "Your request closed itself: you got a license for this app another way.",
} as const;
const day = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

/** Where a launch lands: the app "running", or a plain explanation of the refusal with Request a license. */
export default async function LaunchOutcomePage({ params }: { params: Promise<{ launchId: string }> }) {
  const viewer = await requireUser();
  const { launchId } = await params;
  const launch = await getLaunchOutcome(db(), viewer.tenantId, launchId);
  if (!launch || !mayViewLaunch(viewer, launch.userId, env.DEMO_MODE)) notFound();
  const back = `/launch${launch.userId !== viewer.id ? `?as=${launch.userId}` : ""}`;
  const isFlow = launch.app.kind === "CLOUD_FLOW";
  const request = launch.requests[0];
  // One pending request per person and licensed app: one asked from another launch (or another app) is the one an admin will answer.
  const pending =
    request?.status === "PENDING"
      ? { ...request, app: null }
      : launch.decision === "DENY" && !request
        ? await pendingRequestFor(db(), { tenantId: viewer.tenantId, userId: launch.userId, app: launch.app.autoClaimApp })
        : null;

  return (
    <LaunchFrame user={viewer}>
      <p className="mb-4">
        <Link href={back} className="text-brand hover:underline">
          ‹ Back to apps
        </Link>
      </p>
      {launch.decision === "ALLOW" ? (
        <article aria-labelledby="app-title" className="overflow-hidden rounded-md border border-line bg-white shadow-sm">
          <header className="flex flex-wrap items-center gap-3 bg-[#742774] px-5 py-3 text-white">
            <h1 id="app-title" className="text-lg font-semibold">
              {launch.app.name}
            </h1>
            <span className="rounded bg-white/20 px-2 py-0.5 text-xs font-semibold">{isFlow ? "Flow run started" : "Running"}</span>
            <span className="ml-auto text-sm">
              {launch.environment.name} · {launch.user.displayName}
            </span>
          </header>
          {launch.reason === "AUTO_CLAIMED" ? (
            <p role="status" className="border-b border-success/30 bg-success-subtle px-5 py-3 text-success">
              {launch.message}
            </p>
          ) : (
            <p className="border-b border-line bg-canvas px-5 py-3 text-ink-2">{launch.message}</p>
          )}
          <div className="grid min-h-64 place-items-center p-8 text-center text-ink-3">
            <div>
              <p className="text-base font-semibold text-ink">{isFlow ? `${launch.app.name} is running.` : `${launch.app.name} is open.`}</p>
              <p className="mt-1">{launch.app.description}</p>
            </div>
          </div>
        </article>
      ) : (
        <article aria-labelledby="refused-title" className="rounded-md border border-line bg-white p-6 shadow-sm">
          <p className="mb-2 flex flex-wrap gap-1.5">
            <Badge tone="danger">Access needs a license</Badge>
            {launch.app.premium && <Badge tone="warning">Premium</Badge>}
            <Badge tone={launch.environment.managed ? "brand" : "neutral"}>
              {launch.environment.name} · {launch.environment.managed ? "Managed" : "Standard"}
            </Badge>
          </p>
          <h1 id="refused-title" className="text-xl font-semibold">
            You can&apos;t {isFlow ? "run" : "open"} {launch.app.name} yet
          </h1>
          <p className="mt-2 max-w-2xl text-base" data-testid="refusal-reason">
            {launch.message}
          </p>
          {launch.waitlistPosition !== null && (
            <p className="mt-3 max-w-2xl rounded border border-brand bg-brand-subtle px-4 py-3 text-base" data-testid="waitlist-position">
              You&apos;re number {launch.waitlistPosition} in line for {launch.waitingFor ?? "a license"}. You&apos;ll get it automatically as soon as one is
              free.
            </p>
          )}
          <p className="mt-1 text-ink-3">Reason code: {launch.reason}</p>
          <div className="mt-6">
            {pending ? (
              <p role="status" className="rounded border border-line bg-canvas px-4 py-3" data-testid="pending-request">
                You asked on {day.format(pending.createdAt)}
                {pending.app && pending.app.name !== launch.app.name ? ` (for ${pending.app.name})` : ""}; an admin will answer.
              </p>
            ) : request && request.status !== "PENDING" ? (
              <p role="status" className="rounded border border-line bg-canvas px-4 py-3">
                {REQUEST[request.status]}
                {request.decisionMessage ? ` “${request.decisionMessage}”` : ""}
              </p>
            ) : (
              <RequestLicenseForm action={requestLicenseAction} launchId={launch.id} />
            )}
          </div>
        </article>
      )}
    </LaunchFrame>
  );
}
