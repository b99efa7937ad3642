"use client";

import { useState } from "react";
import { buttonClass, checkboxClass, describedBy, errorId, FieldError, FormAlert, inputClass } from "@/components/ui/form";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";
import type { CreateWebhookInput } from "@/server/domain/webhooks/schema";

interface Props {
  action: ClientAction<CreateWebhookInput | FormData, { id: string; secret: string }>;
  eventTypes: { value: string; description: string }[];
  disabled: boolean;
}

/** Create a webhook; its signing secret is shown once, here, and never again. */
export function CreateWebhookForm({ action, eventTypes, disabled }: Props) {
  const [created, setCreated] = useState<{ secret: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const { run, pending, fieldError, formError } = useAdminAction(action, {
    success: () => "Webhook created. Copy its signing secret now: it won't be shown again.",
    onSuccess: (data) => setCreated({ secret: data.secret }),
  });

  return (
    <section aria-labelledby="create-webhook-heading" className="mb-6 max-w-3xl rounded-md border border-line bg-white p-5 shadow-sm">
      <h2 id="create-webhook-heading" className="text-base font-semibold">
        Create a webhook
      </h2>
      {created && (
        <div role="status" className="mt-3 rounded border border-[#9fd89f] bg-success-subtle p-3" data-testid="new-webhook-secret">
          <p className="font-semibold">Signing secret — copy it now, it won&apos;t be shown again.</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code className="break-all rounded bg-white px-2 py-1 font-mono text-xs" aria-label="New signing secret">
              {created.secret}
            </code>
            <button
              type="button"
              className={buttonClass("secondary")}
              onClick={() =>
                navigator.clipboard?.writeText(created.secret).then(
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
        <div className="max-w-xl">
          <label htmlFor="webhook-url" className="block font-semibold">
            URL
          </label>
          <input
            id="webhook-url"
            name="url"
            type="text"
            inputMode="url"
            maxLength={2000}
            disabled={disabled}
            className={`mt-1 ${inputClass}`}
            aria-invalid={fieldError("url") ? true : undefined}
            aria-describedby={describedBy(fieldError("url") && errorId("url"))}
            placeholder="https://hooks.example.com/autoclaim"
          />
          <FieldError field="url" message={fieldError("url")} />
        </div>
        <div className="max-w-xl">
          <label htmlFor="webhook-description" className="block font-semibold">
            Description <span className="font-normal text-ink-3">(optional)</span>
          </label>
          <input
            id="webhook-description"
            name="description"
            maxLength={200}
            disabled={disabled}
            className={`mt-1 ${inputClass}`}
            aria-invalid={fieldError("description") ? true : undefined}
            aria-describedby={describedBy(fieldError("description") && errorId("description"))}
          />
          <FieldError field="description" message={fieldError("description")} />
        </div>
        <fieldset aria-describedby={describedBy(fieldError("eventTypes") && errorId("eventTypes"))}>
          <legend className="font-semibold">Event types</legend>
          <ul className="mt-1 space-y-1.5">
            {eventTypes.map((t) => (
              <li key={t.value} className="flex items-start gap-2">
                <input id={`event-${t.value}`} type="checkbox" name="eventTypes" value={t.value} disabled={disabled} className={`mt-0.5 ${checkboxClass}`} />
                <label htmlFor={`event-${t.value}`}>
                  <span className="font-mono text-sm font-semibold">{t.value}</span> <span className="text-ink-3">— {t.description}</span>
                </label>
              </li>
            ))}
          </ul>
          <FieldError field="eventTypes" message={fieldError("eventTypes")} />
        </fieldset>
        <button type="submit" disabled={disabled || pending} className={buttonClass("primary")}>
          {pending ? "Creating…" : "Create webhook"}
        </button>
      </form>
    </section>
  );
}
