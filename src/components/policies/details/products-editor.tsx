"use client";

import { Plus } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { MAX_BACKUP_PRODUCTS, MAX_POLICY_PRODUCTS, MESSAGES } from "@/server/domain/policies/schema";
import { buttonClass, checkboxClass, describedBy, errorId, FieldError, FormAlert, inputClass } from "@/components/ui/form";
import { useAdminAction, type ClientAction } from "@/components/ui/use-admin-action";

export interface EditorProduct {
  productId: string;
  displayName: string;
  available: number;
  purchased: number;
  servicePlans: { servicePlanId: string; displayName: string; enabled: boolean }[];
}

type ProductsInput = { policyId: string; products: { productId: string; enabledPlanIds: string[] }[] };
type ProductsAction = ClientAction<ProductsInput, unknown>;

const enabledOf = (p: EditorProduct) => p.servicePlans.filter((s) => s.enabled).map((s) => s.servicePlanId);

/**
 * The policy's products in order — Move up / Move down, remove a backup, add a backup — each saved at
 * once with the whole ordered list (the server checks it all again). At least one product stays.
 */
export function ProductsEditor({
  policyId,
  appLabel,
  products,
  candidates,
  readOnly,
  action,
}: {
  policyId: string;
  appLabel: string;
  products: EditorProduct[];
  /** The app's standalone products not in the policy yet. */
  candidates: { id: string; displayName: string; available: number; purchased: number; servicePlans: { servicePlanId: string }[] }[];
  readOnly: boolean;
  action: ProductsAction;
}) {
  const [toAdd, setToAdd] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const focusAfter = useRef<{ ids: string[]; from: string } | null>(null);
  const order = products.map((p) => p.productId).join(",");
  const { run, pending, fieldError, formError, failure } = useAdminAction(action, {
    success: () => "Products saved",
    onSuccess: () => setToAdd(""),
    onFailure: () => {
      focusAfter.current = null;
    },
  });

  // After a move, keep the focus on the moved product's button in its new place.
  useEffect(() => {
    if (pending || !focusAfter.current || focusAfter.current.from === order) return;
    const { ids } = focusAfter.current;
    focusAfter.current = null;
    for (const id of ids) {
      const el = document.getElementById(id) as HTMLButtonElement | null;
      if (el && !el.disabled) {
        el.focus();
        return;
      }
    }
  }, [order, pending]);

  function save(next: { productId: string; enabledPlanIds: string[] }[], focus: string[] | null = null) {
    setLocalError(null);
    focusAfter.current = focus ? { ids: focus, from: order } : null;
    run({ policyId, products: next });
  }
  const current = () => products.map((p) => ({ productId: p.productId, enabledPlanIds: enabledOf(p) }));

  function move(i: number, by: -1 | 1) {
    const next = current();
    [next[i], next[i + by]] = [next[i + by], next[i]];
    const id = products[i].productId;
    save(next, by < 0 ? [`move-up-${id}`, `move-down-${id}`] : [`move-down-${id}`, `move-up-${id}`]);
  }
  function remove(i: number) {
    save(
      current().filter((_, k) => k !== i),
      ["add-backup"],
    );
  }
  function add() {
    if (products.length >= MAX_POLICY_PRODUCTS) return setLocalError(MESSAGES.tooManyProducts);
    const product = candidates.find((c) => c.id === toAdd);
    if (!product)
      return setLocalError(
        candidates.length === 0 ? `Every standalone product for ${appLabel} is already in this policy.` : "Select a product to add as a backup.",
      );
    save([...current(), { productId: product.id, enabledPlanIds: product.servicePlans.map((s) => s.servicePlanId) }]);
  }

  // Why Add a backup product is off, said beside it (a disabled button can't be focused to ask).
  const noBackup =
    products.length >= MAX_POLICY_PRODUCTS
      ? MESSAGES.tooManyProducts
      : candidates.length === 0
        ? products.length === 1
          ? `No other standalone ${appLabel} product exists to add as a backup.`
          : `Every standalone ${appLabel} product is already in this policy.`
        : null;
  const listError = localError ?? fieldError("products") ?? (failure && Object.entries(failure.fieldErrors).find(([k]) => k.startsWith("products."))?.[1][0]);
  return (
    <div>
      <FormAlert message={formError} />
      <p id="products-hint" className="text-ink-3">
        People get the first product in this order that has a license available: the primary product, then up to {MAX_BACKUP_PRODUCTS} backups.
      </p>
      <ol className="mt-3 divide-y divide-line rounded border border-line" aria-describedby="products-hint">
        {products.map((p, i) => (
          <li key={p.productId} className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3" data-testid="policy-product">
            <div className="min-w-48 flex-1">
              <div className="font-semibold" data-testid="policy-product-name">
                {p.displayName}
              </div>
              <div className="text-xs text-ink-3">
                {i === 0 ? "Primary product" : `Backup product ${i}`} · {p.available} of {p.purchased} available
              </div>
            </div>
            <div className="flex flex-wrap gap-1">
              <button
                id={`move-up-${p.productId}`}
                type="button"
                disabled={readOnly || pending || i === 0}
                onClick={() => move(i, -1)}
                className={buttonClass("subtle")}
              >
                Move up<span className="sr-only"> {p.displayName}</span>
              </button>
              <button
                id={`move-down-${p.productId}`}
                type="button"
                disabled={readOnly || pending || i === products.length - 1}
                onClick={() => move(i, 1)}
                className={buttonClass("subtle")}
              >
                Move down<span className="sr-only"> {p.displayName}</span>
              </button>
              <button type="button" disabled={readOnly || pending || products.length === 1} onClick={() => remove(i)} className={buttonClass("subtle")}>
                Remove<span className="sr-only"> {p.displayName}</span>
              </button>
            </div>
          </li>
        ))}
      </ol>
      {products.length === 1 && <p className="mt-1 text-ink-3">A policy needs at least one product, so its only product can&apos;t be removed.</p>}

      <div className="mt-4 flex max-w-xl flex-wrap items-end gap-2">
        <div className="min-w-60 flex-1">
          <label htmlFor="backup-product" className="font-semibold">
            Backup product to add
          </label>
          <select
            id="backup-product"
            value={toAdd}
            disabled={readOnly || pending || noBackup !== null}
            onChange={(e) => {
              setToAdd(e.target.value);
              setLocalError(null);
            }}
            aria-invalid={listError ? true : undefined}
            aria-describedby={describedBy(listError && errorId("products"))}
            className={`${inputClass} mt-1`}
          >
            <option value="">{candidates.length === 0 ? `No other ${appLabel} product` : "Select a product"}</option>
            {candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.displayName} ({c.available} of {c.purchased} available)
              </option>
            ))}
          </select>
        </div>
        <button
          id="add-backup"
          type="button"
          disabled={readOnly || pending || noBackup !== null}
          onClick={add}
          aria-describedby={describedBy(noBackup && "add-backup-reason", listError && errorId("products"))}
          className={buttonClass("secondary")}
        >
          <Plus aria-hidden="true" className="inline size-4 align-[-0.15em]" /> Add a backup product
        </button>
      </div>
      {noBackup && (
        <p id="add-backup-reason" className="mt-1 text-ink-3" data-testid="add-backup-reason">
          {noBackup}
        </p>
      )}
      <FieldError field="products" message={listError} />
    </div>
  );
}

/** The apps (service plans) of each product: checkboxes, at least one on per product, then Save apps. */
export function ServicePlansForm({
  policyId,
  products,
  readOnly,
  action,
}: {
  policyId: string;
  products: EditorProduct[];
  readOnly: boolean;
  action: ProductsAction;
}) {
  const [enabled, setEnabled] = useState<Record<string, string[]>>(() => Object.fromEntries(products.map((p) => [p.productId, enabledOf(p)])));
  const signature = JSON.stringify(products.map((p) => [p.productId, enabledOf(p)]));
  const [source, setSource] = useState(signature);
  if (source !== signature) {
    // Saved (here or by the products editor): start again from what is stored.
    setSource(signature);
    setEnabled(Object.fromEntries(products.map((p) => [p.productId, enabledOf(p)])));
  }
  const { run, pending, fieldError, formError, reset } = useAdminAction(action, { success: () => "Apps saved" });

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        run({ policyId, products: products.map((p) => ({ productId: p.productId, enabledPlanIds: enabled[p.productId] ?? [] })) });
      }}
    >
      <FormAlert message={formError} />
      <div className="grid gap-4 md:grid-cols-2">
        {products.map((p, i) => {
          const field = `products.${i}.enabledPlanIds`;
          const error = fieldError(field);
          return (
            <fieldset key={p.productId} aria-describedby={describedBy(error && errorId(field))} className="rounded border border-line p-4">
              <legend className="px-1 font-semibold">{p.displayName}</legend>
              <ul className="space-y-2">
                {p.servicePlans.map((s) => {
                  const on = (enabled[p.productId] ?? []).includes(s.servicePlanId);
                  return (
                    <li key={s.servicePlanId}>
                      <label className="flex items-center gap-2">
                        <input
                          type="checkbox"
                          checked={on}
                          disabled={readOnly || pending}
                          className={checkboxClass}
                          aria-invalid={error ? true : undefined}
                          onChange={() => {
                            reset();
                            setEnabled((all) => {
                              const list = all[p.productId] ?? [];
                              return { ...all, [p.productId]: on ? list.filter((id) => id !== s.servicePlanId) : [...list, s.servicePlanId] };
                            });
                          }}
                        />
                        {s.displayName}
                      </label>
                    </li>
                  );
                })}
              </ul>
              <FieldError field={field} message={error} />
            </fieldset>
          );
        })}
      </div>
      <button type="submit" disabled={readOnly || pending} className={buttonClass("secondary", "mt-4")}>
        Save apps
      </button>
    </form>
  );
}
