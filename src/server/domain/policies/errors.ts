/**
 * The typed errors of auto-claim policy changes, and the one place that recognises the database's
 * own refusals (the partial unique indexes "AutoClaimPolicy_one_per_app" and
 * "AutoClaimPolicy_unique_name" of the licence-integrity migration) so that a change that loses a
 * race still gets the same message as one that was checked first.
 */
import { UNIQUE_VIOLATION, violates } from "@/server/db/errors";
import type { AutoClaimApp } from "@/generated/prisma/enums";
import { DomainError, NotFoundError, ValidationError } from "../errors";
import { policyAlreadyExistsMessage, policyNameTakenMessage } from "./schema";

/** At most one live policy per auto-claim app per tenant (MS); the message names the existing one. */
export class PolicyAlreadyExistsError extends DomainError {
  readonly existingPolicyName: string;
  constructor(app: AutoClaimApp, existingPolicyName: string, options: { cause?: unknown } = {}) {
    super(policyAlreadyExistsMessage(app, existingPolicyName), { code: "POLICY_ALREADY_EXISTS", field: "app", httpStatus: 409, cause: options.cause });
    this.existingPolicyName = existingPolicyName;
  }
}

/** Names are unique in a tenant, case-insensitively. */
export class PolicyNameTakenError extends ValidationError {
  constructor(existingName: string) {
    super(policyNameTakenMessage(existingName), { code: "POLICY_NAME_TAKEN", field: "name" });
  }
}

export class PolicyNotFoundError extends NotFoundError {
  constructor() {
    super("That auto-claim policy does not exist (it may have been deleted).", { code: "POLICY_NOT_FOUND", field: "policyId" });
  }
}

/** A product that is not one of the tenant's standalone products for the policy's app. */
export class InvalidPolicyProductError extends ValidationError {
  constructor(message: string, field = "products") {
    super(message, { code: "INVALID_POLICY_PRODUCT", field });
  }
}

/** A service plan that the product does not contain. */
export class InvalidPolicyServicePlanError extends ValidationError {
  constructor(message: string, field: string) {
    super(message, { code: "INVALID_SERVICE_PLAN", field });
  }
}

export class InvalidPolicyGroupError extends ValidationError {
  constructor() {
    super("That group does not exist in this organization.", { code: "INVALID_GROUP", field: "groupId" });
  }
}

export const ONE_PER_APP_INDEX = "AutoClaimPolicy_one_per_app";
export const UNIQUE_NAME_INDEX = "AutoClaimPolicy_unique_name";
/**
 * Which of the policy unique indexes refused a write, if one did (a unique violation naming
 * AutoClaimPolicy_one_per_app or AutoClaimPolicy_unique_name, wherever Prisma or the adapter
 * carries it). Anything else → null.
 */
export function policyUniqueViolation(error: unknown): "ONE_PER_APP" | "UNIQUE_NAME" | null {
  if (violates(error, UNIQUE_VIOLATION, ONE_PER_APP_INDEX)) return "ONE_PER_APP";
  if (violates(error, UNIQUE_VIOLATION, UNIQUE_NAME_INDEX)) return "UNIQUE_NAME";
  return null;
}
