import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "./actions";
import { actionLabel, auditFields, dateRangeProblem, describeAuditEntry, say, TITLES, type AuditNames } from "./words";

const names: AuditNames = {
  products: new Map([
    ["POWERAPPS_PER_USER", "Power Apps Premium"],
    ["FLOW_PER_USER", "Power Automate Premium"],
  ]),
  plans: new Map([
    ["plan-dataverse", "Dataverse"],
    ["plan-flow", "Power Automate for Power Apps"],
  ]),
  targets: new Map([
    ["policy-1", "Contoso makers"],
    ["user-1", "Adele Vance"],
    ["env-1", "Contoso (default)"],
  ]),
};

const entry = (action: string, before: unknown, after: unknown, targetId: string | null = "policy-1", targetType = "AutoClaimPolicy") => ({
  action,
  targetType,
  targetId,
  summary: "the summary",
  before,
  after,
});

describe("describeAuditEntry — actions in words", () => {
  it("a product change of a policy reads as such, with the products by name in order", () => {
    const view = describeAuditEntry(
      entry(
        "policy.update",
        { products: [{ product: "Power Apps Premium", sku: "POWERAPPS_PER_USER", disabledPlans: [] }] },
        {
          products: [
            { product: "Power Apps Premium", sku: "POWERAPPS_PER_USER", disabledPlans: [] },
            { product: "Power Apps per user plan", sku: "POWERAPPS_PER_USER_2", disabledPlans: ["Dataverse"] },
          ],
        },
      ),
      names,
    );
    expect(view.title).toBe("Changed the products of policy “Contoso makers”");
    expect(view.fields).toEqual([
      { label: "Products", before: "Power Apps Premium", after: "Power Apps Premium, then Power Apps per user plan" },
      {
        label: "Service plans",
        before: "All on",
        after: "Power Apps per user plan: Dataverse off",
      },
    ]);
  });
  it("a product added with every plan on shows no service-plan row", () => {
    const p = (names: string[]) => ({ products: names.map((product) => ({ product, sku: "X", disabledPlans: [] })) });
    expect(auditFields(entry("policy.update", p(["Power Apps Premium"]), p(["Power Apps Premium", "Power Apps per app"])), names)).toEqual([
      { label: "Products", before: "Power Apps Premium", after: "Power Apps Premium, then Power Apps per app" },
    ]);
  });
  it("a service-plan change alone shows only the service plans", () => {
    const p = (off: string[]) => ({ products: [{ product: "Power Apps Premium", sku: "POWERAPPS_PER_USER", disabledPlans: off }] });
    expect(auditFields(entry("policy.update", p([]), p(["Dataverse"])), names)).toEqual([
      { label: "Service plans", before: "All on", after: "Power Apps Premium: Dataverse off" },
    ]);
  });
  it("renames, turns on and off, report only, several changes at once", () => {
    expect(describeAuditEntry(entry("policy.update", { name: "Old" }, { name: "New" }), names).title).toBe("Renamed policy “Old” to “New”");
    expect(describeAuditEntry(entry("policy.update", { enabled: true }, { enabled: false }), names).title).toBe("Turned off policy “Contoso makers”");
    expect(describeAuditEntry(entry("policy.update", { enabled: false }, { enabled: true }), names).title).toBe("Turned on policy “Contoso makers”");
    expect(describeAuditEntry(entry("policy.update", { enabled: true }, { enabled: false, status: "REPORT_ONLY" }), names).title).toBe(
      "Put policy “Contoso makers” in report only",
    );
    const many = describeAuditEntry(entry("policy.update", { group: null, maxUnits: null }, { group: "Makers", maxUnits: 40 }), names);
    expect(many.title).toBe("Changed the group and license limit of policy “Contoso makers”");
    expect(many.fields).toEqual([
      { label: "Group to add claimers to", before: "None", after: "Makers" },
      { label: "License limit", before: "No limit", after: "40 licenses at once" },
    ]);
  });
  it("scopes in words, never MANAGED_ONLY", () => {
    const view = describeAuditEntry(entry("policy.scope", { scope: "MANAGED_ONLY" }, { scope: "ALL_ENVIRONMENTS" }), names);
    expect(view.title).toBe("Changed the scope of policy “Contoso makers” to All environments");
    expect(view.fields).toEqual([{ label: "Scope", before: "Managed environments only", after: "All environments" }]);
  });
  it("a policy created or deleted is named from its values; statuses and apps in words", () => {
    const created = describeAuditEntry(
      entry("policy.create", null, { name: "Makers", app: "POWER_APPS", enabled: true, scope: "ALL_ENVIRONMENTS", group: null, products: [] }),
      names,
    );
    expect(created.title).toBe("Created policy “Makers”");
    expect(created.fields).toContainEqual({ label: "Auto-claim app", before: "—", after: "Power Apps" });
    expect(created.fields).toContainEqual({ label: "Status", before: "—", after: "On" });
    expect(created.fields).toContainEqual({ label: "Scope", before: "—", after: "All environments" });
    expect(describeAuditEntry(entry("policy.delete", { name: "Makers" }, null), names).title).toBe("Deleted policy “Makers”");
  });
  it("a person's licences by product name, their service plans by name, sources in words", () => {
    const view = describeAuditEntry(
      entry("user.licenses", { POWERAPPS_PER_USER: [] }, { POWERAPPS_PER_USER: [{ source: "DIRECT", disabledPlans: ["plan-dataverse"] }] }, "user-1", "User"),
      names,
    );
    expect(view.title).toBe("Changed the licenses of Adele Vance");
    expect(view.fields).toEqual([{ label: "Power Apps Premium", before: "Not assigned", after: "Direct, without Dataverse" }]);
    expect(
      auditFields(entry("license.movedToGroup", { product: "P", sources: ["AUTO_CLAIM"] }, { product: "P", sources: ["GROUP"], group: "Makers" }), names),
    ).toEqual([
      { label: "Held as", before: "Auto-claim policy", after: "Group" },
      { label: "Group", before: "None", after: "Makers" },
    ]);
  });
  it("settings and environments in words", () => {
    const on = describeAuditEntry(entry("tenant.autoClaim", { autoClaimEnabled: false }, { autoClaimEnabled: true }, null, "Tenant"), names);
    expect(on).toEqual({ title: "Turned on auto-claim", fields: [{ label: "Auto-claim", before: "Off", after: "On" }] });
    const env = describeAuditEntry(entry("environment.managed", { managed: false }, { managed: true }, "env-1", "Environment"), names);
    expect(env).toEqual({ title: "Made environment Contoso (default) managed", fields: [{ label: "Environment type", before: "Standard", after: "Managed" }] });
  });
  it("never shows raw JSON: nested values are said field by field", () => {
    expect(say("", { warningPercent: 80, criticalPercent: 95 })).toBe("Warning at: 80 %; Critical at: 95 %");
    expect(say("licenses", ["POWERAPPS_PER_USER"], names)).toBe("Power Apps Premium");
    expect(say("waitlistExpiryDays", 1)).toBe("1 day");
    for (const f of auditFields(entry("x.y", { a: { b: [1, { c: true }] } }, { a: null }), names)) {
      expect(f.before).not.toMatch(/[{}"]/);
    }
  });
  it("every audit action has its words and a filter label; an unknown one reads as its summary", () => {
    for (const action of AUDIT_ACTIONS) {
      expect(TITLES[action], action).toBeDefined();
      expect(actionLabel(action)).not.toContain(".");
    }
    expect(describeAuditEntry(entry("something.new", null, null), names).title).toBe("the summary");
  });
});

describe("dateRangeProblem", () => {
  it("says so when From is after To, and only then", () => {
    expect(dateRangeProblem({ from: "2026-12-03", to: "2026-12-01" })).toBe("From must be on or before To.");
    expect(dateRangeProblem({ from: "2026-12-01", to: "2026-12-01" })).toBeNull();
    expect(dateRangeProblem({ from: "2026-12-01", to: "" })).toBeNull();
    expect(dateRangeProblem({})).toBeNull();
  });
});
