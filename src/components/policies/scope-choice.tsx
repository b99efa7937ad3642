import type { PolicyScope } from "@/generated/prisma/enums";
import { SCOPE_OPTIONS } from "@/server/domain/policies/schema";

/** Where a policy applies, as radio buttons with what each means: the wizard's step 2 and Power Platform › Settings › Licenses. */
export function ScopeChoice({
  value,
  onChange,
  disabled,
  idPrefix,
}: {
  value: PolicyScope;
  onChange: (scope: PolicyScope) => void;
  disabled: boolean;
  /** Makes the hints' ids unique on the page. */
  idPrefix: string;
}) {
  return (
    <div className="mt-2 space-y-2">
      {SCOPE_OPTIONS.map((s) => (
        <label key={s.value} className="flex items-start gap-2">
          <input
            type="radio"
            name="scope"
            value={s.value}
            checked={value === s.value}
            disabled={disabled}
            onChange={() => onChange(s.value)}
            aria-describedby={`${idPrefix}-${s.value}`}
            className="mt-0.5 size-4 accent-brand"
          />
          <span>
            {s.label}
            <span id={`${idPrefix}-${s.value}`} className="block text-ink-3">
              {s.hint}
            </span>
          </span>
        </label>
      ))}
    </div>
  );
}
