"use client";

import { useState } from "react";
import { buttonClass, checkboxClass, describedBy, errorId, FieldError, FormAlert, inputClass } from "@/components/ui/form";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";
import type { CreateTokenInput } from "@/server/domain/tokens/schema";

interface Props {
  action: ClientAction<CreateTokenInput | FormData, { id: string; token: string }>;
  scopes: { value: string; label: string; description: string }[];
  disabled: boolean;
}

/** Create a token; its value is shown once, here, and never again. */
export function CreateTokenForm({ action, scopes, disabled }: Props) {
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [name, setName] = useState("");
  const [copied, setCopied] = useState(false);
  const { run, pending, fieldError, formError } = useAdminAction(action, {
    success: () => "API token created. Copy it now: it won't be shown again.",
    onSuccess: (data) => setCreated({ name, token: data.token }),
  });

  return (
    <section aria-labelledby="create-token-heading" className="mb-6 max-w-3xl rounded-md border border-line bg-white p-5 shadow-sm">
      <h2 id="create-token-heading" className="text-base font-semibold">
        Create a token
      </h2>
      {created && (
        <div role="status" className="mt-3 rounded border border-[#9fd89f] bg-success-subtle p-3" data-testid="new-token">
          <p className="font-semibold">Token “{created.name}” — copy it now, it won&apos;t be shown again.</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code className="break-all rounded bg-white px-2 py-1 font-mono text-xs" aria-label="New token value">
              {created.token}
            </code>
            <button
              type="button"
              className={buttonClass("secondary")}
              onClick={() =>
                navigator.clipboard?.writeText(created.token).then(
                  () => setCopied(true),
                  () => setCopied(false),
                )
              }
            >
              {copied ? "Copied" : "Copy"}
            </button>
          </div>
        </div>
      )}
      <form
        className="mt-3 space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          setCopied(false);
          run(new FormData(e.currentTarget));
        }}
      >
        <FormAlert message={formError} />
        <div className="max-w-md">
          <label htmlFor="token-name" className="block font-semibold">
            Name
          </label>
          <input
            id="token-name"
            name="name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={64}
            disabled={disabled}
            className={`mt-1 ${inputClass}`}
            aria-invalid={fieldError("name") ? true : undefined}
            aria-describedby={describedBy(fieldError("name") && errorId("name"))}
            placeholder="e.g. Power Apps runtime"
          />
          <FieldError field="name" message={fieldError("name")} />
        </div>
        <fieldset aria-describedby={describedBy(fieldError("scopes") && errorId("scopes"))}>
          <legend className="font-semibold">Scopes</legend>
          <ul className="mt-1 space-y-1.5">
            {scopes.map((s) => (
              <li key={s.value} className="flex items-start gap-2">
                <input id={`scope-${s.value}`} type="checkbox" name="scopes" value={s.value} disabled={disabled} className={`mt-0.5 ${checkboxClass}`} />
                <label htmlFor={`scope-${s.value}`}>
                  <span className="font-semibold">{s.label}</span> <span className="text-ink-3">— {s.description}</span>
                </label>
              </li>
            ))}
          </ul>
          <FieldError field="scopes" message={fieldError("scopes")} />
        </fieldset>
        <button type="submit" disabled={disabled || pending} className={buttonClass("primary")}>
          {pending ? "Creating…" : "Create token"}
        </button>
      </form>
    </section>
  );
}
