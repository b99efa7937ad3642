import { Plus } from "lucide-react";
import type { AutoClaimApp } from "@/generated/prisma/enums";
import { AUTO_CLAIM_APP_LABELS, MAX_BACKUP_PRODUCTS, MAX_POLICY_PRODUCTS, MESSAGES, type PolicyOptions } from "@/server/domain/policies/schema";
import { buttonClass, describedBy, errorId, FieldError, inputClass } from "@/components/ui/form";
import type { WizardDraft } from "./draft";
import { focusSoon } from "./focus";
import type { DraftErrors } from "./validate";

/**
 * The policy's products in order — the primary, then up to four backups — each a select of the
 * app's standalone products not chosen yet, with Move up / Move down / Remove and Add a backup product.
 */
export function ProductRows({
  draft,
  errors,
  readOnly,
  productsOfApp,
  onChange,
  onError,
}: {
  draft: WizardDraft;
  errors: DraftErrors;
  readOnly: boolean;
  productsOfApp: PolicyOptions["products"];
  onChange: (products: WizardDraft["products"]) => void;
  onError: (errors: DraftErrors) => void;
}) {
  const rows = draft.products.length > 0 ? draft.products : [{ productId: "", enabledPlanIds: [] }];
  const chosen = new Set(rows.map((r) => r.productId).filter(Boolean));
  const appLabel = draft.app ? AUTO_CLAIM_APP_LABELS[draft.app as AutoClaimApp] : null;
  // Rows are keyed by product, so that a moved row keeps its focus; repeats and empty rows by place.
  const keys = rows.map((r, i) => (r.productId && rows.findIndex((q) => q.productId === r.productId) === i ? r.productId : `row-${i}`));

  function setRow(i: number, productId: string) {
    const product = productsOfApp.find((p) => p.id === productId);
    onChange(rows.map((r, k) => (k === i ? { productId, enabledPlanIds: product ? product.servicePlans.map((s) => s.servicePlanId) : [] } : r)));
  }
  function move(i: number, by: -1 | 1) {
    const next = [...rows];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    onChange(next);
    const to = i + by;
    focusSoon(by < 0 ? `move-up-${to}` : `move-down-${to}`, by < 0 ? `move-down-${to}` : `move-up-${to}`, `product-${to}`);
  }
  function remove(i: number) {
    onChange(rows.filter((_, k) => k !== i));
    focusSoon("add-backup");
  }
  // Why Add a backup product is off, said beside it (a disabled button can't be focused to ask).
  const noBackup = !draft.app
    ? null
    : rows.length >= MAX_POLICY_PRODUCTS
      ? MESSAGES.tooManyProducts
      : productsOfApp.every((p) => chosen.has(p.id))
        ? productsOfApp.length <= 1
          ? `No other standalone ${appLabel} product exists to add as a backup.`
          : `Every standalone ${appLabel} product is already in this policy.`
        : null;
  function addBackup() {
    if (rows.length >= MAX_POLICY_PRODUCTS) return onError({ products: MESSAGES.tooManyProducts });
    if (productsOfApp.every((p) => chosen.has(p.id))) {
      return onError({ products: `Every standalone product for ${appLabel} is already in this policy: there is no other product to add as a backup.` });
    }
    onChange([...rows, { productId: "", enabledPlanIds: [] }]);
    focusSoon(`product-${rows.length}`);
  }

  return (
    <fieldset aria-describedby={describedBy("products-hint", errors.products && errorId("products"))} className="max-w-2xl">
      <legend className="font-semibold">Products</legend>
      <p id="products-hint" className="text-ink-3">
        {appLabel
          ? `Standalone ${appLabel} licenses, with the licenses available now. People get the first product in this order that has a license available; add up to ${MAX_BACKUP_PRODUCTS} backup products.`
          : "Select an auto-claim app first."}
      </p>
      <ol className="mt-2 space-y-3">
        {rows.map((row, i) => {
          const field = `products.${i}.productId`;
          const label = i === 0 ? "Primary product" : `Backup product ${i}`;
          const name = productsOfApp.find((p) => p.id === row.productId)?.displayName ?? label;
          return (
            <li key={keys[i]} data-testid={`product-row-${i}`}>
              <label htmlFor={`product-${i}`} className="text-ink-2">
                {label}
              </label>
              <div className="mt-1 flex flex-wrap items-center gap-2">
                <select
                  id={`product-${i}`}
                  value={row.productId}
                  disabled={readOnly || !draft.app}
                  onChange={(e) => setRow(i, e.target.value)}
                  aria-invalid={errors[field] ? true : undefined}
                  aria-describedby={describedBy(errors[field] && errorId(field))}
                  className={`${inputClass} max-w-sm flex-1`}
                >
                  <option value="">Select a product</option>
                  {productsOfApp
                    .filter((p) => p.id === row.productId || !chosen.has(p.id))
                    .map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.displayName} ({p.available} of {p.purchased} available)
                      </option>
                    ))}
                </select>
                {rows.length > 1 && (
                  <>
                    <button id={`move-up-${i}`} type="button" disabled={readOnly || i === 0} onClick={() => move(i, -1)} className={buttonClass("subtle")}>
                      Move up<span className="sr-only"> {name}</span>
                    </button>
                    <button
                      id={`move-down-${i}`}
                      type="button"
                      disabled={readOnly || i === rows.length - 1}
                      onClick={() => move(i, 1)}
                      className={buttonClass("subtle")}
                    >
                      Move down<span className="sr-only"> {name}</span>
                    </button>
                    <button type="button" disabled={readOnly} onClick={() => remove(i)} className={buttonClass("subtle")}>
                      Remove<span className="sr-only"> {name}</span>
                    </button>
                  </>
                )}
              </div>
              <FieldError field={field} message={errors[field]} />
            </li>
          );
        })}
      </ol>
      <button
        id="add-backup"
        type="button"
        disabled={readOnly || !draft.app || noBackup !== null}
        onClick={addBackup}
        aria-describedby={describedBy(noBackup && noBackup !== errors.products && "add-backup-reason", errors.products && errorId("products"))}
        className={buttonClass("secondary", "mt-3")}
      >
        <Plus aria-hidden="true" className="inline size-4 align-[-0.15em]" /> Add a backup product
      </button>
      {noBackup && noBackup !== errors.products && (
        <p id="add-backup-reason" className="mt-1 text-ink-3" data-testid="add-backup-reason">
          {noBackup}
        </p>
      )}
      <FieldError field="products" message={errors.products} />
    </fieldset>
  );
}
