/**
 * The errors of assigning and unassigning licences, and the one place that recognises the
 * database's refusal to oversubscribe a product (the CHECK "Product_units_check" of the
 * licence-integrity migration, SQLSTATE 23514 check_violation).
 */
import { DomainError, ValidationError } from "../errors";

export interface ProductLabel {
  skuId: string;
  skuPartNumber: string;
  displayName: string;
}

/** Every unit of the product (or of one of the products) is taken. */
export class NoLicensesAvailableError extends DomainError {
  readonly products: ProductLabel[];
  constructor(products: ProductLabel[], options: { cause?: unknown } = {}) {
    const names = products.map((p) => p.displayName).join(", ") || "the product";
    super(`No ${names} licences are left: every purchased unit is assigned.`, { code: "NO_LICENSES_AVAILABLE", httpStatus: 409, cause: options.cause });
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
  constructor(product: ProductLabel) {
    super(`This user does not hold ${product.displayName}.`, { code: "LICENSE_NOT_HELD", httpStatus: 409 });
    this.skuId = product.skuId;
  }
}

export const UNITS_CHECK_CONSTRAINT = "Product_units_check";
const CHECK_VIOLATION = "23514";

type ErrorLike = {
  code?: unknown;
  originalCode?: unknown;
  constraint?: unknown;
  message?: unknown;
  originalMessage?: unknown;
  cause?: unknown;
  meta?: { code?: unknown; message?: unknown; driverAdapterError?: unknown };
};

/**
 * True when `error` is the database refusing an assignment because the product has no unit left.
 * Recognised in the shapes it takes on the way up:
 * - Prisma 6 with a driver adapter (PGlite and PostgreSQL alike) throws a `DriverAdapterError`
 *   whose `cause` is `{ kind: "postgres", code: "23514", message: "… check constraint \"Product_units_check\"" }`;
 * - a `PrismaClientKnownRequestError` may carry it in `meta.driverAdapterError` (its `cause`), or,
 *   for raw queries (P2010), as `meta.code` / `meta.message`;
 * - a bare `pg` error has `code` and `constraint`.
 * Other check violations (e.g. the trigger that keeps assignments on their user) are not this.
 */
export function isUnitsExhausted(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const e = queue.shift();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const o = e as ErrorLike;
    const codes = [o.code, o.originalCode, o.meta?.code];
    const texts = [o.constraint, o.message, o.originalMessage, o.meta?.message];
    if (codes.includes(CHECK_VIOLATION) && texts.some((t) => typeof t === "string" && t.includes(UNITS_CHECK_CONSTRAINT))) return true;
    queue.push(o.cause, o.meta?.driverAdapterError);
  }
  return false;
}
