/** The wizard's per-step validation and its draft in the address: pure, shared with the server's schema. */
import { describe, expect, it } from "vitest";
import { decodeDraft, emptyDraft, encodeDraft, parseStep, type WizardDraft } from "./draft";
import { firstInvalidStep, stepErrors, stepOfField, stepToOpen, validateDraft } from "./validate";

const PREMIUM = "3a9f6a55-2c1b-4d8e-9f10-0b1c2d3e4f50";
const PER_APP = "4b0a7b66-3d2c-4e9f-8a21-1c2d3e4f5061";
const FLOW = "5c1b8c77-4e3d-4fa0-9b32-2d3e4f506172";
const plan = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const context = {
  policies: [{ name: "Auto-Created Policy for PowerApps", app: "POWER_APPS" }],
  products: [
    { id: PREMIUM, app: "POWER_APPS", servicePlans: [{ servicePlanId: plan(1) }, { servicePlanId: plan(2) }] },
    { id: PER_APP, app: "POWER_APPS", servicePlans: [{ servicePlanId: plan(3) }] },
    { id: FLOW, app: "POWER_AUTOMATE", servicePlans: [{ servicePlanId: plan(4) }, { servicePlanId: plan(5) }] },
  ],
};
const flowDraft = (over: Partial<WizardDraft> = {}): WizardDraft => ({
  name: "Flow makers",
  app: "POWER_AUTOMATE",
  products: [{ productId: FLOW, enabledPlanIds: [plan(4)] }],
  groupId: "",
  ...over,
});

describe("validateDraft", () => {
  it("accepts a complete draft", () => {
    expect(validateDraft(flowDraft(), context)).toEqual({});
    expect(firstInvalidStep(validateDraft(flowDraft(), context))).toBeNull();
  });

  it("step 1: an empty name, a 65-character name, a name in use (any case)", () => {
    expect(stepErrors(validateDraft(flowDraft({ name: " " }), context), 1)).toEqual({ name: "Enter a name for the policy." });
    expect(stepErrors(validateDraft(flowDraft({ name: "a".repeat(65) }), context), 1)).toEqual({ name: "Use 64 characters or fewer." });
    expect(validateDraft(flowDraft({ name: "a".repeat(64) }), context)).toEqual({});
    expect(stepErrors(validateDraft(flowDraft({ name: " auto-created policy for powerapps " }), context), 1)).toEqual({
      name: "An auto-claim policy named “Auto-Created Policy for PowerApps” already exists. Choose another name.",
    });
  });

  it("step 2: no app, an app that has a policy, no product, a 5th backup, a product twice or not for the app", () => {
    expect(stepErrors(validateDraft(flowDraft({ app: "" }), context), 2)).toMatchObject({ app: "Select an auto-claim app." });
    expect(stepErrors(validateDraft(flowDraft({ app: "POWER_APPS", products: [{ productId: PREMIUM, enabledPlanIds: [plan(1)] }] }), context), 2)).toEqual({
      app: "A Power Apps auto-claim policy already exists: “Auto-Created Policy for PowerApps”. Edit it or delete it first.",
    });
    expect(stepErrors(validateDraft(flowDraft({ products: [] }), context), 2)).toEqual({ products: "Select a product." });
    expect(stepErrors(validateDraft(flowDraft({ products: [{ productId: "", enabledPlanIds: [] }] }), context), 2)).toEqual({
      "products.0.productId": "Select a product.",
    });
    const six = Array.from({ length: 6 }, () => ({ productId: FLOW, enabledPlanIds: [plan(4)] }));
    expect(stepErrors(validateDraft(flowDraft({ products: six }), context), 2)).toMatchObject({
      products: "A policy can have one primary product and at most 4 backup products.",
    });
    expect(stepErrors(validateDraft(flowDraft({ products: [flowDraft().products[0], flowDraft().products[0]] }), context), 2)).toEqual({
      "products.1.productId": "This product is already in the policy. Select another one.",
    });
    expect(stepErrors(validateDraft(flowDraft({ products: [{ productId: PREMIUM, enabledPlanIds: [plan(1)] }] }), context), 2)).toEqual({
      "products.0.productId": "Select a product.",
    });
  });

  it("step 3: at least one service plan per product, and only the product's own", () => {
    const errors = validateDraft(flowDraft({ products: [{ productId: FLOW, enabledPlanIds: [] }] }), context);
    expect(errors).toEqual({ "products.0.enabledPlanIds": "Select at least one app." });
    expect(stepErrors(errors, 2)).toEqual({});
    expect(stepErrors(errors, 3)).toEqual(errors);
    expect(firstInvalidStep(errors)).toBe(3);
    expect(validateDraft(flowDraft({ products: [{ productId: FLOW, enabledPlanIds: [plan(1)] }] }), context)).toEqual({
      "products.0.enabledPlanIds": "Select at least one app.",
    });
  });

  it("sends each field to its step, and finds the first step to fix", () => {
    expect(["name", "app", "groupId", "products", "products.2.productId", "products.1.enabledPlanIds"].map(stepOfField)).toEqual([1, 2, 2, 2, 2, 3]);
    expect(firstInvalidStep(validateDraft(emptyDraft(), context))).toBe(1);
    expect(firstInvalidStep(validateDraft(flowDraft({ app: "" }), context))).toBe(2);
  });

  it("opens a draft on the step asked for, or on an earlier one to fix", () => {
    const noPlans = validateDraft(flowDraft({ products: [{ productId: FLOW, enabledPlanIds: [] }] }), context);
    expect(([1, 2, 3, 4] as const).map((step) => stepToOpen(noPlans, step))).toEqual([1, 2, 3, 3]);
    expect(([1, 2, 3, 4] as const).map((step) => stepToOpen(validateDraft(flowDraft(), context), step))).toEqual([1, 2, 3, 4]);
    expect(stepToOpen(validateDraft(emptyDraft(), context), 4)).toBe(1);
  });
});

describe("the draft in the address", () => {
  it("round-trips any text, including non-ASCII names, through base64url", () => {
    const draft = flowDraft({ name: "Équipe “Flows” 🚀 / +=?" });
    const encoded = encodeDraft(draft);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeDraft(encoded)).toEqual(draft);
  });

  it("turns anything unreadable into the empty draft and clamps the step", () => {
    for (const junk of [null, "", "%%%", "bm90IGpzb24", encodeDraft(42 as never)]) expect(decodeDraft(junk)).toEqual(emptyDraft());
    expect(decodeDraft(btoa(JSON.stringify({ name: "x", app: "NOPE", products: "no" })))).toEqual({ ...emptyDraft(), name: "x" });
    expect([undefined, "0", "2", "4", "5", "x"].map(parseStep)).toEqual([1, 1, 2, 4, 1, 1]);
  });
});
