"use client";

import { Check } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { buttonClass } from "@/components/ui/form";
import { POLICIES_HREF } from "./draft";
import type { CreatedPolicy } from "./use-wizard-history";

/**
 * The confirmation after Create policy, with the way back to the list and to the new policy. Its
 * heading takes focus when it appears — unless the user has already put focus somewhere: the router
 * may mount it afresh once the address is `?created=`, so the wizard's own move cannot be relied on.
 */
export function PolicyCreated({ created }: { created: CreatedPolicy }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body) headingRef.current?.focus();
  }, []);
  return (
    <section aria-labelledby="created-heading" className="max-w-2xl rounded-md border border-line bg-white p-6 shadow-sm" data-testid="policy-created">
      <h2 id="created-heading" ref={headingRef} tabIndex={-1} className="text-lg font-semibold">
        <Check aria-hidden="true" className="mr-2 inline size-5 align-[-0.2em] text-success" />
        Policy created
      </h2>
      <p className="mt-2 text-ink-2">
        “{created.name}” is on. It applies to managed environments; you can widen it to all environments in Power Platform › Settings › Licenses.
      </p>
      <div className="mt-6 flex flex-wrap gap-2">
        <Link href={POLICIES_HREF} className={buttonClass("primary")}>
          Back to auto-claim policies
        </Link>
        <Link href={`${POLICIES_HREF}/${created.id}`} className={buttonClass("secondary")}>
          View policy
        </Link>
      </div>
    </section>
  );
}
