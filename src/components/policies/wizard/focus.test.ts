/** Which element the wizard focuses for a field with an error. */
import { describe, expect, it } from "vitest";
import { fieldElementId } from "./focus";

describe("fieldElementId", () => {
  it("finds each field's element, and the step heading for anything else", () => {
    const fields = ["name", "app", "groupId", "products", "products.2.productId", "products.1.enabledPlanIds", "products.1.enabledPlanIds.0", "form"];
    expect(fields.map(fieldElementId)).toEqual([
      "policy-name",
      "policy-app",
      "policy-group",
      "add-backup",
      "product-2",
      "plans-1-0",
      "plans-1-0",
      "step-heading",
    ]);
  });
});
