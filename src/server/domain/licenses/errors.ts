/**
 * The errors of assigning and unassigning licences, and the one place that recognises the
 * database's refusal to oversubscribe a product (the CHECK "Product_units_check" of the
 * licence-integrity migration, SQLSTATE 23514 check_violation).
 */
import { CHECK_VIOLATION, violates } from "@/server/db/errors";
import { DomainError, ValidationError } from "../errors";

export interface ProductLabel {
  skuId: string;
  skuPartNumber: string;
  displayName: string;
}

/**
 * Every unit of the product (or of one of the products) is taken. `field` puts the message beside
 * a form field; `hint` is said after it (what the admin can do).
 */
export class NoLicensesAvailableError extends DomainError {
  readonly products: ProductLabel[];
  constructor(products: ProductLabel[], options: { cause?: unknown; field?: string; hint?: string } = {}) {
    const names = products.map((p) => p.displayName).join(", ") || "the product";
    const message = `No ${names} licenses are left: every purchased unit is assigned.${options.hint ? ` ${options.hint}` : ""}`;
    super(message, { code: "NO_LICENSES_AVAILABLE", field: options.field, httpStatus: 409, cause: options.cause });
    this.products = products;
  }
}

/** A product reference (id or SKU id) that is not one of the tenant's products. */
export class UnknownLicenseError extends ValidationError {
  readonly reference: string;
  constructor(reference: string) {
    super(`The organization has no product with SKU or id "${reference}".`, { code: "UNKNOWN_LICENSE", field: "skuId" });
    this.reference = reference;
  }
}

/** A disabled service plan that the product does not contain. */
export class InvalidServicePlanError extends ValidationError {
  readonly servicePlanId: string;
  readonly skuId: string;
  constructor(servicePlanId: string, product: ProductLabel) {
    super(`${product.displayName} has no service plan "${servicePlanId}".`, { code: "INVALID_SERVICE_PLAN", field: "disabledPlans" });
    this.servicePlanId = servicePlanId;
    this.skuId = product.skuId;
  }
}

/** Removing a licence the user holds only through groups: it is removed by leaving the group. */
export class LicenseInheritedError extends DomainError {
  readonly skuId: string;
  constructor(product: ProductLabel) {
    super(`This user holds ${product.displayName} only through a group; remove them from the group instead.`, { code: "LICENSE_INHERITED", httpStatus: 409 });
    this.skuId = product.skuId;
  }
}

/** Removing a licence the user does not hold. */
export class LicenseNotHeldError extends DomainError {
  readonly skuId: string;
  constructor(product: ProductLabel, message = `This user does not hold ${product.displayName}.`) {
    super(message, { code: "LICENSE_NOT_HELD", httpStatus: 409 });
    this.skuId = product.skuId;
  }
}

export const UNITS_CHECK_CONSTRAINT = "Product_units_check";

/**
 * True when `error` is the database refusing an assignment because the product has no unit left
 * (check_violation on Product_units_check, wherever Prisma or the adapter carries it). Other check
 * violations (e.g. the trigger that keeps assignments on their user) are not this.
 */
export function isUnitsExhausted(error: unknown): boolean {
  return violates(error, CHECK_VIOLATION, UNITS_CHECK_CONSTRAINT);
}
