"use client";

import { ConfirmActionButton } from "@/components/ui/confirm-dialog";
import { ReprocessButton, type ReprocessAction } from "@/components/licenses/reprocess-button";
import type { ClientAction } from "@/components/ui/use-admin-action";

const units = (n: number) => `${n} unit${n === 1 ? "" : "s"}`;

/**
 * Unassign one product held directly or by auto-claim, after a confirm dialog that says how many
 * units it really frees (none when the person also holds it through a group).
 */
export function UnassignLicenseButton({
  action,
  userId,
  userName,
  productId,
  productName,
  unitsFreed,
  keptThrough,
  disabled,
}: {
  action: ClientAction<FormData, { removed: number }>;
  userId: string;
  userName: string;
  productId: string;
  productName: string;
  unitsFreed: number;
  /** The group through which the person keeps the product, if any. */
  keptThrough: string | null;
  disabled: boolean;
}) {
  return (
    <ConfirmActionButton
      action={action}
      fields={{ userId, productId }}
      label="Unassign"
      accessibleName={`Unassign ${productName}`}
      title={`Unassign ${productName} from ${userName}?`}
      confirmLabel="Unassign"
      pendingLabel="Unassigning…"
      disabled={disabled}
      success={() => `Unassigned ${productName} from ${userName}.`}
      message={
        <p data-testid="units-freed">
          {keptThrough
            ? `${userName} keeps ${productName} through ${keptThrough}: this frees ${units(unitsFreed)}.`
            : `${userName} loses ${productName}: this frees ${units(unitsFreed)}.`}
        </p>
      }
    />
  );
}

/** Reprocess one person's licences in error: served in their turn from the units free now. */
export function ReprocessUserButton({ action, userId, disabled }: { action: ReprocessAction; userId: string; disabled: boolean }) {
  return <ReprocessButton action={action} fields={{ userId }} disabled={disabled} />;
}
