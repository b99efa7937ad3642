import { describe, expect, it } from "vitest";
import { notificationEmail, notificationText, type NotificationFacts } from "./messages";

const base: NotificationFacts = {
  kind: "POOL_ALERT",
  createdAt: new Date("2026-12-02T10:00:00Z"),
  productId: "0b6f7c1e-0000-4000-8000-000000000001",
  product: { displayName: "Power Apps Premium" },
  alert: { level: "CRITICAL", consumedUnits: 32, purchasedUnits: 33, raisedAt: new Date("2026-12-01T09:00:00Z") },
  policy: null,
};

describe("notificationText", () => {
  it("says how full the pool is, in words and numbers, and links to the product", () => {
    expect(notificationText(base)).toEqual({
      title: "Power Apps Premium is almost used up",
      body: "32 of 33 licenses are assigned (96 %), past the critical threshold. Buy more before people are refused.",
      href: "/billing/licenses/products/0b6f7c1e-0000-4000-8000-000000000001",
      tone: "danger",
    });
    expect(notificationText({ ...base, alert: { ...base.alert!, level: "WARNING", consumedUnits: 27 } }).title).toBe("Power Apps Premium is running low");
    expect(notificationText({ ...base, alert: { ...base.alert!, level: "EMPTY", consumedUnits: 33 } })).toMatchObject({
      title: "Power Apps Premium has no licenses left",
      body: expect.stringContaining("All 33 licenses are assigned."),
    });
  });

  it("tells admins when an alert resolves, naming the level and the day it was raised", () => {
    expect(notificationText({ ...base, kind: "POOL_RECOVERED", alert: { ...base.alert!, level: "EMPTY" } })).toMatchObject({
      title: "Power Apps Premium has licenses again",
      body: "Units were bought or freed. The alert raised on Dec 1, 2026 is resolved.",
      tone: "success",
    });
    expect(notificationText({ ...base, kind: "POOL_RECOVERED" }).title).toBe("Power Apps Premium is back under its critical threshold");
  });

  it("tells a waiting person their licence is ready, with the policy, and sends them to the launch page", () => {
    const t = notificationText({ ...base, kind: "LICENSE_SERVED", alert: null, policy: { name: "Sales apps" } });
    expect(t.title).toBe("Your Power Apps Premium license is ready");
    expect(t.body).toContain("under the policy “Sales apps”");
    expect(t.href).toBe("/launch");
  });

  it("tells admins people started waiting, linking to the policy's list", () => {
    expect(notificationText({ ...base, kind: "WAITLIST_GROWING", alert: null, policyId: "p1", policy: { name: "Sales apps" } })).toMatchObject({
      title: "People are waiting for a license under “Sales apps”",
      href: "/billing/licenses/auto-claim/p1",
    });
  });

  it("tells the requester the decision, with the admin's message", () => {
    const request = { status: "APPROVED" as const, decisionMessage: "Enjoy", app: { name: "Field Service" }, product: { displayName: "Power Apps Premium" } };
    expect(notificationText({ ...base, kind: "REQUEST_DECIDED", request })).toMatchObject({
      title: "Your license request for Field Service was approved",
      body: "Power Apps Premium is yours: open your app again to use it. Your administrator: “Enjoy”",
      href: "/launch",
    });
    expect(notificationText({ ...base, kind: "REQUEST_DECIDED", request: { ...request, status: "DENIED", decisionMessage: null } })).toMatchObject({
      title: "Your license request for Field Service was denied",
      body: "An administrator denied it.",
    });
  });

  it("still reads when the product or alert is gone", () => {
    expect(notificationText({ ...base, product: null, productId: null, alert: null }).title).toBe("A product has no licenses left");
  });
});

describe("notificationEmail", () => {
  it("links to the portal at APP_URL, whatever path the URL carries", () => {
    const mail = notificationEmail(base, "https://portal.contoso.com/");
    expect(mail.subject).toBe("Power Apps Premium is almost used up");
    expect(mail.text).toContain("Open the portal: https://portal.contoso.com/billing/licenses/products/0b6f7c1e-0000-4000-8000-000000000001");
    expect(mail.text).toContain("Settings › Notifications");
    expect(notificationEmail({ ...base, kind: "LICENSE_SERVED" }, "https://portal.contoso.com").text).toContain("https://portal.contoso.com/launch");
  });
});
