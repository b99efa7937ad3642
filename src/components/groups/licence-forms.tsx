"use client";

import { useId, useState } from "react";
import { ConfirmActionButton } from "@/components/ui/confirm-dialog";
import { buttonClass, checkboxClass } from "@/components/ui/form";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";
import { plural } from "@/lib/plural";
import { ReprocessButton, type ReprocessAction } from "@/components/licenses/reprocess-button";

type SetProductInput = { groupId: string; productId: string; enabledPlanIds: string[] };
type SetProductResult = { added: boolean; updated: boolean; active: number; inError: number };
export type SetProductAction = ClientAction<SetProductInput, SetProductResult>;

export interface GroupProductChoice {
  id: string;
  displayName: string;
  available: number;
  plans: { id: string; displayName: string }[];
}

function assignedMessage(name: string, d: SetProductResult): string {
  if (!d.added) return d.updated ? `Changed the apps of ${name}.` : `${name}: nothing changed.`;
  const hold = `${plural(d.active, "member")} ${d.active === 1 ? "holds" : "hold"} it now`;
  return d.inError > 0
    ? `${name} assigned. ${hold}; ${plural(d.inError, "member")} ${d.inError === 1 ? "is" : "are"} in error: no unit left.`
    : `${name} assigned. ${hold}.`;
}

/** The service plans of one product as checkboxes (at least one stays on), with the error line under them (also the Users page's). */
export function PlanChecks({
  idPrefix,
  plans,
  enabled,
  onChange,
  error,
  disabled,
}: {
  idPrefix: string;
  plans: { id: string; displayName: string }[];
  enabled: string[];
  onChange: (ids: string[]) => void;
  error?: string;
  disabled: boolean;
}) {
  const errorId = `${idPrefix}-plans-error`;
  return (
    <fieldset aria-describedby={error ? errorId : undefined} className="mt-2">
      <legend className="font-semibold">Apps (service plans)</legend>
      {plans.length === 0 && <p className="text-ink-3">This product has no service plans.</p>}
      <ul className="mt-1 space-y-1">
        {plans.map((p) => (
          <li key={p.id} className="flex items-center gap-2">
            <input
              id={`${idPrefix}-${p.id}`}
              type="checkbox"
              className={checkboxClass}
              checked={enabled.includes(p.id)}
              disabled={disabled}
              onChange={(e) => onChange(e.target.checked ? [...enabled, p.id] : enabled.filter((x) => x !== p.id))}
            />
            <label htmlFor={`${idPrefix}-${p.id}`}>{p.displayName}</label>
          </li>
        ))}
      </ul>
      {error && (
        <p id={errorId} role="alert" className="mt-1 text-danger">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** The chosen product and its apps: the first product with a unit left, every plan on; choosing another turns all of its plans on. */
export function useProductPlans(products: GroupProductChoice[]) {
  const [productId, setProductId] = useState(products.find((p) => p.available > 0)?.id ?? products[0]?.id ?? "");
  const product = products.find((p) => p.id === productId);
  const [enabled, setEnabled] = useState<string[]>(product?.plans.map((p) => p.id) ?? []);
  const choose = (id: string) => {
    setProductId(id);
    setEnabled(products.find((p) => p.id === id)?.plans.map((p) => p.id) ?? []);
  };
  const noPlan = product !== undefined && product.plans.length > 0 && enabled.length === 0;
  return { productId, product, enabled, setEnabled, choose, noPlan };
}

/** Assigning a product with its apps, for a group or a person: the product (with its live availability), its plans as switches, the button. */
export function ProductPlanFields({
  products,
  choice,
  off,
  pending,
  productError,
  planError,
  onChoose,
  submitLabel,
}: {
  products: GroupProductChoice[];
  choice: ReturnType<typeof useProductPlans>;
  off: boolean;
  pending: boolean;
  productError: string | undefined;
  planError: string | undefined;
  /** Called before the choice changes (e.g. to clear the last message). */
  onChoose?: () => void;
  submitLabel: string;
}) {
  const id = useId();
  const { productId, product, enabled, setEnabled, choose, noPlan } = choice;
  return (
    <>
      <label htmlFor={`${id}-product`} className="mt-2 block font-semibold">
        Product
      </label>
      <select
        id={`${id}-product`}
        value={productId}
        disabled={off}
        aria-invalid={productError ? true : undefined}
        aria-describedby={productError ? `${id}-product-error` : undefined}
        onChange={(e) => {
          onChoose?.();
          choose(e.target.value);
        }}
        className="mt-1 w-full max-w-sm rounded border border-line-strong bg-white px-3 py-1.5"
      >
        {products.map((p) => (
          <option key={p.id} value={p.id}>
            {p.displayName} — {p.available} available
          </option>
        ))}
      </select>
      {productError && (
        <p id={`${id}-product-error`} role="alert" className="text-danger">
          {productError}
        </p>
      )}
      {product && (
        <PlanChecks
          key={product.id}
          idPrefix={`${id}-plan`}
          plans={product.plans}
          enabled={enabled}
          onChange={setEnabled}
          disabled={off}
          error={noPlan ? "Keep at least one app on." : planError}
        />
      )}
      <button type="submit" className={buttonClass("primary", "mt-3")} disabled={off || pending || noPlan}>
        {pending ? "Assigning…" : submitLabel}
      </button>
    </>
  );
}

/** Assign a product: a product (with its live availability), then its apps; the toast says who holds it and who is in error. */
export function AssignGroupProductForm({
  action,
  groupId,
  products,
  disabled,
}: {
  action: SetProductAction;
  groupId: string;
  products: GroupProductChoice[];
  disabled: boolean;
}) {
  const choice = useProductPlans(products);
  const { product, enabled } = choice;
  const { run, pending, fieldError, formError } = useAdminAction(action, { success: (d) => assignedMessage(product?.displayName ?? "The product", d) });
  const off = disabled || products.length === 0;
  return (
    <form
      aria-label="Assign a product"
      className="mt-3 rounded border border-line p-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (product) run({ groupId, productId: product.id, enabledPlanIds: enabled });
      }}
    >
      <h4 className="font-semibold">Assign a product</h4>
      {formError && (
        <p role="alert" className="text-danger">
          {formError}
        </p>
      )}
      {products.length === 0 ? (
        <p className="text-ink-3">Every product of this organization is on this group already.</p>
      ) : (
        <ProductPlanFields
          products={products}
          choice={choice}
          off={off}
          pending={pending}
          productError={fieldError("productId")}
          planError={fieldError("enabledPlanIds")}
          submitLabel="Assign to group"
        />
      )}
    </form>
  );
}

/** Change apps of one licence the group carries: its service plans, at least one on. */
export function ChangeAppsForm({
  action,
  groupId,
  productId,
  productName,
  plans,
  disabled,
}: {
  action: SetProductAction;
  groupId: string;
  productId: string;
  productName: string;
  plans: { id: string; displayName: string; enabled: boolean }[];
  disabled: boolean;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [enabled, setEnabled] = useState(plans.filter((p) => p.enabled).map((p) => p.id));
  const { run, pending, fieldError, formError } = useAdminAction(action, {
    success: (d) => assignedMessage(productName, d),
    onSuccess: () => setOpen(false),
  });
  const noPlan = plans.length > 0 && enabled.length === 0;
  if (!open)
    return (
      <button
        type="button"
        className={buttonClass("secondary", "px-2 py-0.5 text-sm")}
        disabled={disabled}
        aria-label={`Change apps of ${productName}`}
        aria-expanded={false}
        onClick={() => {
          setEnabled(plans.filter((p) => p.enabled).map((p) => p.id));
          setOpen(true);
        }}
      >
        Change apps
      </button>
    );
  return (
    <form
      aria-label={`Apps of ${productName}`}
      className="mt-2 basis-full rounded border border-line p-3"
      onSubmit={(e) => {
        e.preventDefault();
        run({ groupId, productId, enabledPlanIds: enabled });
      }}
    >
      {formError && (
        <p role="alert" className="text-danger">
          {formError}
        </p>
      )}
      <PlanChecks
        idPrefix={`${id}-plan`}
        plans={plans}
        enabled={enabled}
        onChange={setEnabled}
        disabled={disabled}
        error={noPlan ? "Keep at least one app on." : fieldError("enabledPlanIds")}
      />
      <div className="mt-3 flex gap-2">
        <button type="submit" className={buttonClass("primary")} disabled={disabled || pending || noPlan}>
          {pending ? "Saving…" : "Save apps"}
        </button>
        <button type="button" className={buttonClass("secondary")} onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Remove a licence from the group, after a dialog that says who loses it and how many units that really frees. */
export function RemoveGroupLicenseButton({
  action,
  groupId,
  groupName,
  productId,
  impact,
  disabled,
}: {
  action: ClientAction<FormData, { unitsFreed: number }>;
  groupId: string;
  groupName: string;
  productId: string;
  impact: { productName: string; membersLosing: number; membersInError: number; unitsFreed: number };
  disabled: boolean;
}) {
  const keep = impact.membersLosing - impact.unitsFreed;
  return (
    <ConfirmActionButton
      action={action}
      fields={{ groupId, productId }}
      label="Remove"
      accessibleName={`Remove ${impact.productName} from ${groupName}`}
      title={`Remove ${impact.productName} from ${groupName}?`}
      confirmLabel="Remove license"
      pendingLabel="Removing…"
      disabled={disabled}
      success={(d) => `Removed ${impact.productName} from ${groupName}; ${plural(d.unitsFreed, "unit")} freed.`}
      message={
        <>
          <p data-testid="removal-impact">
            {plural(impact.membersLosing, "member")} {impact.membersLosing === 1 ? "loses" : "lose"} {impact.productName}; this frees{" "}
            {plural(impact.unitsFreed, "unit")}
            {keep > 0 ? ` — ${keep} keep it another way` : ""}.
          </p>
          {impact.membersInError > 0 && (
            <p>
              {plural(impact.membersInError, "member")} waiting for a unit through {groupName} {impact.membersInError === 1 ? "stops" : "stop"} waiting.
            </p>
          )}
        </>
      }
    />
  );
}

/** Reprocess: serve the members in error from the units free now; the toast says how many were served and how many still wait. */
export function ReprocessGroupButton({ action, groupId, disabled }: { action: ReprocessAction; groupId: string; disabled: boolean }) {
  return <ReprocessButton action={action} fields={{ groupId }} disabled={disabled} />;
}
