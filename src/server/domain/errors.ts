/**
 * Typed domain errors: thrown by domain services, mapped once to form messages (src/server/action.ts)
 * and to HTTP statuses (route handlers read `httpStatus`). Feature-specific errors extend these,
 * e.g. `class PolicyAlreadyExistsError extends DomainError`.
 */

export class DomainError extends Error {
  /** A stable, machine-readable code, e.g. "POLICY_ALREADY_EXISTS". */
  readonly code: string;
  /** The input field the error is about, when there is one (shown beside that field in a form). */
  readonly field?: string;
  readonly httpStatus: number;

  constructor(message: string, options: { code?: string; field?: string; httpStatus?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? "DOMAIN_ERROR";
    this.field = options.field;
    this.httpStatus = options.httpStatus ?? 409;
  }
}

/** The caller is signed in but their role does not allow this. */
export class ForbiddenError extends DomainError {
  constructor(message = "You don't have permission to do this.", options: { code?: string } = {}) {
    super(message, { code: options.code ?? "FORBIDDEN", httpStatus: 403 });
  }
}

/** The thing asked for does not exist in the caller's tenant. */
export class NotFoundError extends DomainError {
  constructor(message = "Not found.", options: { code?: string; field?: string } = {}) {
    super(message, { code: options.code ?? "NOT_FOUND", field: options.field, httpStatus: 404 });
  }
}

/** The input breaks a rule that a schema cannot check alone (e.g. a name already in use). */
export class ValidationError extends DomainError {
  constructor(message: string, options: { code?: string; field?: string } = {}) {
    super(message, { code: options.code ?? "VALIDATION_FAILED", field: options.field, httpStatus: 400 });
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
