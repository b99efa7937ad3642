"use client";

import { buttonClass, Field, FormAlert, inputClass, type FieldControl } from "@/components/ui/form";

/**
 * A form that hands its FormData to `run` (from `useAdminAction`) instead of navigating, with the
 * message about the whole form first.
 */
export function AdminForm({
  run,
  formError,
  className,
  noValidate,
  testId,
  children,
}: {
  run: (form: FormData) => void;
  formError?: string | null;
  className?: string;
  noValidate?: boolean;
  testId?: string;
  children: React.ReactNode;
}) {
  return (
    <form
      noValidate={noValidate}
      onSubmit={(e) => {
        e.preventDefault();
        run(new FormData(e.currentTarget));
      }}
      className={className}
      data-testid={testId}
    >
      <FormAlert message={formError} />
      {children}
    </form>
  );
}

/**
 * One field saved on its own (a policy's name, its group): the label, the hint (`<id>-hint`), the
 * control — given the attributes to spread — with its Save button beside it, then the error line.
 */
export function SingleFieldForm({
  run,
  formError,
  noValidate,
  hidden,
  id,
  field,
  label,
  hint,
  error,
  submitLabel,
  disabled,
  children,
}: {
  run: (form: FormData) => void;
  formError?: string | null;
  noValidate?: boolean;
  hidden: Record<string, string>;
  id: string;
  field: string;
  label: React.ReactNode;
  hint: React.ReactNode;
  error?: string | null;
  submitLabel: string;
  disabled: boolean;
  children: (control: FieldControl) => React.ReactNode;
}) {
  return (
    <AdminForm run={run} formError={formError} noValidate={noValidate}>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Field id={id} field={field} label={label} hint={hint} error={error}>
        {(control) => (
          <div className="mt-1 flex gap-2">
            {children({ ...control, className: inputClass })}
            <button type="submit" disabled={disabled} className={buttonClass("secondary")}>
              {submitLabel}
            </button>
          </div>
        )}
      </Field>
    </AdminForm>
  );
}
