/**
 * Typed domain errors: thrown by domain services, mapped once to form messages (src/server/action.ts)
 * and to HTTP statuses (route handlers read `httpStatus`). Feature-specific errors extend these,
 * e.g. `class PolicyAlreadyExistsError extends DomainError`.
 */

/**
 * Every code a DomainError may carry: the `code` of /api/v1's error bodies and of server action
 * results. A new error adds its code here; a code is never renamed (API clients match on it).
 */
export const ERROR_CODES = [
  // generic
  "DOMAIN_ERROR",
  "VALIDATION_FAILED",
  "NOT_FOUND",
  "FORBIDDEN",
  "UNAUTHORIZED",
  "CONFLICT",
  "SERVICE_UNAVAILABLE",
  // input at the edge
  "PAYLOAD_TOO_LARGE",
  "INVALID_PATH_PARAMETER",
  "INVALID_QUERY_PARAMETER",
  // things that do not exist in the tenant
  "USER_NOT_FOUND",
  "APP_NOT_FOUND",
  "GROUP_NOT_FOUND",
  "POLICY_NOT_FOUND",
  "REQUEST_NOT_FOUND",
  // accounts
  "ACCOUNT_DISABLED",
  // licenses
  "NO_LICENSES_AVAILABLE",
  "UNKNOWN_LICENSE",
  "DUPLICATE_LICENSE",
  "INVALID_SERVICE_PLAN",
  "LICENSE_INHERITED",
  "LICENSE_NOT_HELD",
  // policies
  "POLICY_ALREADY_EXISTS",
  "POLICY_NAME_TAKEN",
  "INVALID_POLICY_PRODUCT",
  "INVALID_GROUP",
  // groups and bulk moves
  "ALREADY_MEMBER",
  "NOT_MEMBER",
  "GROUP_CARRIES_NOTHING",
  // license requests
  "REQUEST_ALREADY_DECIDED",
  "ALREADY_LICENSED",
  // Microsoft Graph's own codes, for errors only /graph/v1.0 raises
  "Request_BadRequest",
  "Request_UnsupportedQuery",
  "Request_ResourceNotFound",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface DomainErrorOptions {
  code?: ErrorCode;
  field?: string;
  httpStatus?: number;
  cause?: unknown;
}

export class DomainError extends Error {
  /** A stable, machine-readable code, e.g. "POLICY_ALREADY_EXISTS". */
  readonly code: ErrorCode;
  /** The input field the error is about, when there is one (shown beside that field in a form). */
  readonly field?: string;
  readonly httpStatus: number;

  constructor(message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? "DOMAIN_ERROR";
    this.field = options.field;
    this.httpStatus = options.httpStatus ?? 409;
  }
}

/** The caller is signed in but their role does not allow this. */
export class ForbiddenError extends DomainError {
  constructor(message = "You don't have permission to do this.", options: { code?: ErrorCode } = {}) {
    super(message, { code: options.code ?? "FORBIDDEN", httpStatus: 403 });
  }
}

/** The thing asked for does not exist in the caller's tenant. */
export class NotFoundError extends DomainError {
  constructor(message = "Not found.", options: { code?: ErrorCode; field?: string } = {}) {
    super(message, { code: options.code ?? "NOT_FOUND", field: options.field, httpStatus: 404 });
  }
}

/** The input breaks a rule that a schema cannot check alone (e.g. a name already in use). */
export class ValidationError extends DomainError {
  constructor(message: string, options: { code?: ErrorCode; field?: string } = {}) {
    super(message, { code: options.code ?? "VALIDATION_FAILED", field: options.field, httpStatus: 400 });
  }
}
