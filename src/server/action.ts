import "server-only";
import { z } from "zod";
import type { Role } from "@/generated/prisma/enums";
import { forbiddenMessage } from "@/lib/roles";
import { getCurrentUser, type CurrentUser } from "@/server/auth/guards";
import { db } from "@/server/db";
import { asDomainError, DatabaseUnavailableError } from "@/server/db/errors";
import { actorOf } from "@/server/domain/audit/actor";
import type { DomainContext } from "@/server/domain/context";
import { DomainError, ForbiddenError } from "@/server/domain/errors";

/**
 * The wrapper every server action is built with:
 *
 *   export const renamePolicy = action(renameSchema, ["GLOBAL_ADMIN"], async (input, ctx) => {
 *     await updatePolicy(ctx, { policyId: input.policyId, name: input.name });
 *     revalidatePath("/billing/licenses/auto-claim");
 *   });
 *
 * It checks the caller's role on the server (before looking at the input), parses FormData or a
 * plain object with the zod schema, runs the handler, and returns a result that `useActionState`
 * renders. Domain errors become messages (beside their field when they name one); anything else —
 * including Next's redirect()/notFound() — is rethrown.
 */

export type FieldErrors = Record<string, string[]>;

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string; fieldErrors: FieldErrors; status?: number };

/** The domain context (`{ db, actor, tenantId }`: the signed-in admin in their tenant), and the user. */
export interface ActionContext extends DomainContext {
  user: CurrentUser;
}

/** Callable directly (`await act(input)`) or as `useActionState`'s action (`(previousState, formData)`). */
export interface ServerAction<I, T> {
  (input: I | FormData): Promise<ActionResult<T>>;
  (previousState: ActionResult<T> | null, input: I | FormData): Promise<ActionResult<T>>;
}

export function action<S extends z.ZodType, T>(
  schema: S,
  roles: readonly Role[],
  handler: (input: z.output<S>, ctx: ActionContext) => Promise<T>,
): ServerAction<z.input<S>, T> {
  const act = (async (...args: unknown[]): Promise<ActionResult<T>> => {
    const raw = args.length >= 2 ? args[1] : args[0];
    let user: CurrentUser | null;
    try {
      user = await getCurrentUser();
    } catch (caught) {
      const error = asDomainError(caught);
      // The database away (503): said in the form, like any refusal; anything else is rethrown.
      if (error instanceof DatabaseUnavailableError) return { ok: false, error: error.message, fieldErrors: {}, status: 503 };
      throw caught;
    }
    if (!user) return { ok: false, error: "Your session has ended. Sign in again.", fieldErrors: {}, status: 401 };
    if (roles.length > 0 && !roles.includes(user.role)) {
      return { ok: false, error: forbiddenMessage(user.role, roles), fieldErrors: {}, status: 403 };
    }

    const parsed = safeParseInput(schema, raw instanceof FormData ? formDataToObject(raw) : raw);
    if (!parsed.success) return parsed.failure;

    try {
      return { ok: true, data: await handler(parsed.data, { user, db: db(), actor: actorOf(user), tenantId: user.tenantId }) };
    } catch (caught) {
      const error = asDomainError(caught) ?? caught;
      if (error instanceof ForbiddenError) return { ok: false, error: error.message, fieldErrors: {}, status: 403 };
      if (error instanceof DomainError) {
        return {
          ok: false,
          error: error.message,
          fieldErrors: error.field ? { [error.field]: [error.message] } : {},
          status: error.httpStatus,
        };
      }
      throw error;
    }
  }) as ServerAction<z.input<S>, T>;
  // The schema, for tools that enumerate the actions (the fuzz suite reads its fields): not enumerable, never sent.
  Object.defineProperty(act, "inputSchema", { value: schema });
  return act;
}

/** The zod schema an action was built with (see `action`), or undefined for any other function. */
export function actionInputSchema(fn: unknown): z.ZodType | undefined {
  return typeof fn === "function" ? (fn as { inputSchema?: z.ZodType }).inputSchema : undefined;
}

/**
 * FormData → plain object for zod. A key given more than once, or ending in "[]", becomes an array
 * (checkbox groups); Next's internal `$ACTION_…` fields are dropped. Values stay strings (or Files):
 * schemas coerce, e.g. `z.coerce.number()`.
 */
export function formDataToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of form.entries()) {
    if (rawKey.startsWith("$ACTION_")) continue;
    const isList = rawKey.endsWith("[]");
    const key = isList ? rawKey.slice(0, -2) : rawKey;
    const existing = out[key];
    if (existing === undefined) out[key] = isList ? [value] : value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[key] = [existing, value];
  }
  return out;
}

/** Zod issues → field → messages, the field being the issue's path joined with dots ("products.1.productId"). */
export function toFieldErrors(error: z.ZodError): { formErrors: string[]; fieldErrors: FieldErrors } {
  const formErrors: string[] = [];
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    if (issue.path.length === 0) {
      formErrors.push(issue.message);
      continue;
    }
    const key = issue.path.map(String).join(".");
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return { formErrors, fieldErrors };
}

/**
 * The schema's verdict on an input, which may be anything a client can send (React's reply format
 * carries BigInts, Maps, Dates, null-prototype objects…): a coercion that throws on such a value
 * (`new Date(1n)`) is a refusal of the input, not a failure of the server.
 */
function safeParseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { success: true; data: z.output<S> } | { success: false; failure: ActionResult<never> } {
  try {
    const parsed = schema.safeParse(input);
    return parsed.success ? { success: true, data: parsed.data } : { success: false, failure: validationFailure(parsed.error) };
  } catch {
    return {
      success: false,
      failure: { ok: false, error: "Check the highlighted fields and try again.", fieldErrors: { input: ["This value cannot be read."] }, status: 400 },
    };
  }
}

function validationFailure(error: z.ZodError): ActionResult<never> {
  const { formErrors, fieldErrors } = toFieldErrors(error);
  return {
    ok: false,
    error: formErrors[0] ?? "Check the highlighted fields and try again.",
    fieldErrors,
    status: 400,
  };
}
