/** What the reclaim notifications say (SPEC §8.3): the notice names the product, the date and the last use. */
import { describe, expect, it } from "vitest";
import { notificationEmail, notificationText, type NotificationFacts } from "../notifications/messages";

const base: NotificationFacts = {
  kind: "RECLAIM_NOTICE",
  createdAt: new Date("2026-12-05T10:00:00Z"),
  productId: "0b6f7c1e-0000-4000-8000-000000000001",
  product: { displayName: "Power Apps Premium" },
  alert: null,
  policyId: "0b6f7c1e-0000-4000-8000-000000000002",
  policy: { name: "Power Apps" },
  notice: { releaseOn: new Date("2026-12-12T10:00:00Z"), lastUsedAt: new Date("2026-11-01T08:00:00Z"), status: "OPEN" },
};

describe("reclaim notifications", () => {
  it("a notice: the release date, the last use, and what keeps it", () => {
    expect(notificationText(base)).toMatchObject({
      title: "Your Power Apps Premium license will be released on December 12",
      body: "Your Power Apps Premium license will be released on December 12 because you haven't used it since November 1. Choose Keep it on App launch, or open an app that uses it, to keep it.",
      href: "/launch",
      tone: "warning",
    });
    expect(notificationText({ ...base, notice: { ...base.notice!, status: "KEPT" } }).body).toMatch(/You kept it\.$/);
    expect(notificationEmail(base, "https://portal.contoso.test").text).toContain("because you hold a license your organization reclaims");
  });

  it("a release, and a run for the admins", () => {
    expect(notificationText({ ...base, kind: "LICENSE_RECLAIMED" }).title).toBe("Your Power Apps Premium license was released");
    expect(notificationText({ ...base, kind: "RECLAIM_RUN", notice: null, run: { noticesSent: 2, released: 1 } })).toMatchObject({
      title: "Reclaim under “Power Apps”: 2 people were told, 1 license was released",
      href: "/billing/licenses/auto-claim/0b6f7c1e-0000-4000-8000-000000000002/reclaim",
    });
  });
});
