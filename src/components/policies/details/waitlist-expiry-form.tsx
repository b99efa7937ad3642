"use client";

import { WAITLIST_EXPIRY_MAX, WAITLIST_EXPIRY_MIN } from "@/server/domain/policies/schema";
import { SingleFieldForm } from "@/components/ui/admin-form";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";
import { useSyncedValue } from "@/components/ui/use-synced-value";

/** Waiting list: entries expire after N days without a launch; a number out of range shows beside the field. */
export function WaitlistExpiryForm({
  policyId,
  days,
  readOnly,
  action,
}: {
  policyId: string;
  days: number;
  readOnly: boolean;
  action: ClientAction<FormData, { waitlistExpiryDays: number; changed: string[] }>;
}) {
  const [value, setValue] = useSyncedValue(String(days));
  const { run, pending, fieldError, formError, reset } = useAdminAction(action, {
    success: (d) =>
      d.changed.length === 0
        ? "No changes to save"
        : `Waiting-list entries now expire after ${d.waitlistExpiryDays} day${d.waitlistExpiryDays === 1 ? "" : "s"} without a launch`,
  });
  return (
    <SingleFieldForm
      run={run}
      formError={formError}
      noValidate
      hidden={{ policyId }}
      id="waitlist-expiry"
      field="waitlistExpiryDays"
      label="Expire entries after (days without a launch)"
      hint={`From ${WAITLIST_EXPIRY_MIN} to ${WAITLIST_EXPIRY_MAX}. Someone who launches again keeps their place.`}
      error={fieldError("waitlistExpiryDays")}
      submitLabel="Save expiry"
      disabled={readOnly || pending}
    >
      {(control) => (
        <input
          {...control}
          name="waitlistExpiryDays"
          type="number"
          inputMode="numeric"
          min={WAITLIST_EXPIRY_MIN}
          max={WAITLIST_EXPIRY_MAX}
          value={value}
          disabled={readOnly}
          onChange={(e) => {
            setValue(e.target.value);
            reset();
          }}
        />
      )}
    </SingleFieldForm>
  );
}
