import { describe, expect, it } from "vitest";
import { cloudEvent } from "./delivery";
import { createWebhookSchema, webhookUrlProblem } from "./schema";

describe("a webhook's URL", () => {
  const strict = { allowLoopbackHttp: false };
  const loose = { allowLoopbackHttp: true };
  it("is HTTPS, to any host, without user name or password", () => {
    expect(webhookUrlProblem("https://hooks.contoso.com/autoclaim?k=1", strict)).toBeNull();
    expect(webhookUrlProblem("https://127.0.0.1:8443/x", strict)).toBeNull();
    expect(webhookUrlProblem("http://hooks.contoso.com/", strict)).toBe("Use an HTTPS URL (https://…).");
    expect(webhookUrlProblem("ftp://hooks.contoso.com/", strict)).toBe("Use an HTTPS URL (https://…).");
    expect(webhookUrlProblem("https://me:pw@hooks.contoso.com/", strict)).toBe("Leave the user name and password out of the URL.");
    expect(webhookUrlProblem("hooks.contoso.com", strict)).toMatch(/^Enter a full URL/);
  });
  it("may be plain HTTP to this machine only where allowed", () => {
    for (const url of ["http://127.0.0.1:9000/x", "http://localhost/x", "http://[::1]:80/"]) {
      expect(webhookUrlProblem(url, strict)).not.toBeNull();
      expect(webhookUrlProblem(url, loose)).toBeNull();
    }
    for (const url of ["http://10.0.0.1/", "http://127.0.0.1.nip.io/", "http://localhost.contoso.com/"]) expect(webhookUrlProblem(url, loose)).not.toBeNull();
  });
  it("is parsed with its event types, deduplicated, at least one", () => {
    const schema = createWebhookSchema();
    expect(schema.parse({ url: " https://h.example/x ", eventTypes: "license.claimed" })).toEqual({
      url: "https://h.example/x",
      description: "",
      eventTypes: ["license.claimed"],
    });
    expect(schema.parse({ url: "https://h.example/x", eventTypes: ["policy.changed", "policy.changed"] }).eventTypes).toEqual(["policy.changed"]);
    expect(schema.safeParse({ url: "https://h.example/x", eventTypes: ["webhook.test"] }).success).toBe(false);
  });
});

describe("the CloudEvents envelope", () => {
  it("has the required attributes, its source under APP_URL", () => {
    const row = { tenantId: "t1", eventId: "e1", type: "license.claimed", subject: "users/u1", data: { a: 1 }, occurredAt: new Date("2026-12-02T10:00:00Z") };
    expect(cloudEvent(row, "https://portal.contoso.com/")).toEqual({
      specversion: "1.0",
      id: "e1",
      source: "https://portal.contoso.com/tenants/t1",
      type: "license.claimed",
      subject: "users/u1",
      time: "2026-12-02T10:00:00.000Z",
      datacontenttype: "application/json",
      data: { a: 1 },
    });
    expect(cloudEvent(row).source).toBe("/tenants/t1");
  });
});
