/**
 * What a notification says, in plain words: one rendering for the portal and for e-mail, so that
 * the bell, the launch page and the message in someone's inbox never disagree. Pure.
 */
import type { AlertLevel, NotificationKind } from "@/generated/prisma/enums";

export interface NotificationFacts {
  kind: NotificationKind;
  createdAt: Date;
  productId: string | null;
  product: { displayName: string } | null;
  alert: { level: AlertLevel; consumedUnits: number; purchasedUnits: number; raisedAt: Date } | null;
  policyId?: string | null;
  policy: { name: string } | null;
  request?: {
    status: "PENDING" | "APPROVED" | "DENIED" | "ALREADY_LICENSED";
    decisionMessage: string | null;
    app: { name: string } | null;
    product: { displayName: string } | null;
  } | null;
  notice?: { releaseOn: Date; lastUsedAt: Date; status: "OPEN" | "KEPT" | "CANCELLED" | "RELEASED" } | null;
  run?: { noticesSent: number; released: number } | null;
}

export interface NotificationText {
  title: string;
  body: string;
  /** A path in the portal to act on it. */
  href: string;
  tone: "danger" | "warning" | "success" | "info";
}

const LEVEL_WORD = { WARNING: "warning", CRITICAL: "critical", EMPTY: "empty" } as const;
const day = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });
const longDay = new Intl.DateTimeFormat("en-US", { day: "numeric", month: "long", timeZone: "UTC" });
const percent = (consumed: number, purchased: number) => (purchased > 0 ? Math.floor((consumed * 100) / purchased) : 0);

export function notificationText(n: NotificationFacts): NotificationText {
  const product = n.product?.displayName ?? "A product";
  const productHref = n.productId ? `/billing/licenses/products/${n.productId}` : "/billing/licenses";
  switch (n.kind) {
    case "POOL_ALERT": {
      const a = n.alert;
      const pool = a ? `${a.consumedUnits} of ${a.purchasedUnits} licenses are assigned (${percent(a.consumedUnits, a.purchasedUnits)} %)` : "";
      if (!a || a.level === "EMPTY") {
        return {
          title: `${product} has no licenses left`,
          body: `${a ? `All ${a.purchasedUnits} licenses are assigned. ` : ""}People who need one are refused, or wait in line where a policy keeps a waiting list, until you buy more or free some.`,
          href: productHref,
          tone: "danger",
        };
      }
      return {
        title: a.level === "CRITICAL" ? `${product} is almost used up` : `${product} is running low`,
        body: `${pool}, past the ${LEVEL_WORD[a.level]} threshold. Buy more before people are refused.`,
        href: productHref,
        tone: a.level === "CRITICAL" ? "danger" : "warning",
      };
    }
    case "POOL_RECOVERED": {
      const a = n.alert;
      const raised = a ? ` The alert raised on ${day.format(a.raisedAt)} is resolved.` : "";
      return {
        title: !a || a.level === "EMPTY" ? `${product} has licenses again` : `${product} is back under its ${LEVEL_WORD[a.level]} threshold`,
        body: `Units were bought or freed.${raised}`,
        href: productHref,
        tone: "success",
      };
    }
    case "WAITLIST_GROWING":
      return {
        title: `People are waiting for a license${n.policy ? ` under “${n.policy.name}”` : ""}`,
        body: "Someone was refused for lack of licenses and joined the policy's waiting list. They get one automatically, in order, as soon as a unit is free: buy more or free some to serve them.",
        href: n.policyId ? `/billing/licenses/auto-claim/${n.policyId}` : "/billing/licenses/auto-claim",
        tone: "warning",
      };
    case "REQUEST_DECIDED": {
      const r = n.request;
      const what = r?.app ? ` for ${r.app.name}` : "";
      const said = r?.decisionMessage ? ` Your administrator: “${r.decisionMessage}”` : "";
      if (r?.status === "ALREADY_LICENSED") {
        return {
          title: `Your license request${what} is closed`,
          body: `You already have ${r.product ? r.product.displayName : "a license for it"}: open your app again to use it.${said}`,
          href: "/launch",
          tone: "success",
        };
      }
      return r?.status === "APPROVED"
        ? {
            title: `Your license request${what} was approved`,
            body: `${r.product ? `${r.product.displayName} is yours` : "The license is yours"}: open your app again to use it.${said}`,
            href: "/launch",
            tone: "success",
          }
        : { title: `Your license request${what} was denied`, body: `An administrator denied it.${said}`, href: "/launch", tone: "info" };
    }
    case "LICENSE_SERVED":
      return {
        title: `Your ${product} license is ready`,
        body: `You were waiting in line for a license${n.policy ? ` under the policy “${n.policy.name}”` : ""}. One became free and is now yours: open your app again to use it.`,
        href: "/launch",
        tone: "success",
      };
    case "RECLAIM_NOTICE": {
      const nt = n.notice;
      const since = nt ? ` because you haven't used it since ${longDay.format(nt.lastUsedAt)}` : "";
      const closed = nt?.status === "KEPT" ? " You kept it." : nt?.status === "CANCELLED" ? " You used it again, so it stays yours." : "";
      return {
        title: `Your ${product} license will be released${nt ? ` on ${longDay.format(nt.releaseOn)}` : ""}`,
        body: `Your ${product} license will be released${nt ? ` on ${longDay.format(nt.releaseOn)}` : ""}${since}.${closed || " Choose Keep it on App launch, or open an app that uses it, to keep it."}`,
        href: "/launch",
        tone: closed ? "info" : "warning",
      };
    }
    case "LICENSE_RECLAIMED":
      return {
        title: `Your ${product} license was released`,
        body: `You had not used it${n.notice ? ` since ${longDay.format(n.notice.lastUsedAt)}` : ""}, so it went back to your organization's pool. Open your app again to get one when you need it.`,
        href: "/launch",
        tone: "info",
      };
    case "RECLAIM_RUN": {
      const r = n.run;
      const parts = r
        ? [
            r.noticesSent > 0 && `${r.noticesSent} ${r.noticesSent === 1 ? "person was" : "people were"} told`,
            r.released > 0 && `${r.released} license${r.released === 1 ? " was" : "s were"} released`,
          ].filter(Boolean)
        : [];
      return {
        title: `Reclaim${n.policy ? ` under “${n.policy.name}”` : ""}: ${parts.length ? parts.join(", ") : "a run finished"}`,
        body: "A reclaim run of the policy's rule finished. Its Reclaim page lists every run and what it did.",
        href: n.policyId ? `/billing/licenses/auto-claim/${n.policyId}/reclaim` : "/billing/licenses/auto-claim",
        tone: "info",
      };
    }
  }
}

/** The e-mail: the same words, a link to the portal, and why the recipient gets it. */
export function notificationEmail(n: NotificationFacts, appUrl: string): { subject: string; text: string } {
  const t = notificationText(n);
  const link = new URL(t.href, appUrl).toString();
  const why =
    n.kind === "LICENSE_SERVED"
      ? "You get this e-mail because you were waiting for a license."
      : n.kind === "RECLAIM_NOTICE" || n.kind === "LICENSE_RECLAIMED"
        ? "You get this e-mail because you hold a license your organization reclaims when it goes unused."
        : n.kind === "REQUEST_DECIDED"
          ? "You get this e-mail because you asked for a license."
          : "You get this e-mail as an administrator of your organization's licenses. Turn it off in Settings › Notifications.";
  return { subject: t.title, text: `${t.body}\n\nOpen the portal: ${link}\n\n--\n${why}\n` };
}
