"use client";

/**
 * The wizard's place — its step, its draft, and the policy it created — kept in the address
 * (draft.ts; docs/decisions/0006-wizard-draft-in-the-url.md):
 * - in the browser the address is the truth for the first render (a page restored from the router
 *   cache may carry older props); a draft not valid up to the requested step opens on the first step to fix;
 * - every edit replaces the current history entry at once (a debounced write could land after a
 *   navigation away and bring the wizard back); every step change pushes one, after writing the
 *   latest draft into the entry being left;
 * - Back / Forward go to the entry's step with the latest draft (the in-memory one wins);
 * - after "Create policy" the address is `?created=<id>`, so a reload shows the confirmation.
 */
import { useEffect, useEffectEvent, useState } from "react";
import { decodeDraft, parseStep, WIZARD_PATH, wizardSearch, type Step, type WizardDraft } from "./draft";
import { stepToOpen, validateDraft, type WizardContext } from "./validate";

export interface CreatedPolicy {
  id: string;
  name: string;
}

/** Writes the wizard's state to the address — only while the address is still the wizard's (never after leaving it). */
function writeUrl(mode: "push" | "replace", search: string) {
  if (window.location.pathname !== WIZARD_PATH) return;
  window.history[mode === "push" ? "pushState" : "replaceState"](null, "", `${WIZARD_PATH}${search}`);
}

function fromLocation(): { step: Step; draft: WizardDraft } | null {
  if (typeof window === "undefined") return null;
  const params = new URLSearchParams(window.location.search);
  if (!params.has("draft")) return null;
  return { step: parseStep(params.get("step")), draft: decodeDraft(params.get("draft")) };
}

export function useWizardHistory({
  initialStep,
  initialDraft,
  initialCreated,
  context,
  onReturn,
}: {
  /** What the server read from the address, for the first render. */
  initialStep: Step;
  initialDraft: WizardDraft;
  initialCreated: CreatedPolicy | null;
  /** What the page loaded, to judge up to which step a draft is valid. */
  context: WizardContext;
  /** Called when Back / Forward brings the wizard to another entry. */
  onReturn: () => void;
}) {
  const [initial] = useState(() => {
    const here = fromLocation() ?? { step: initialStep, draft: initialDraft };
    return { draft: here.draft, step: stepToOpen(validateDraft(here.draft, context), here.step) };
  });
  const [draft, setDraft] = useState<WizardDraft>(initial.draft);
  const [step, setStep] = useState<Step>(initial.step);
  const [created, setCreated] = useState(initialCreated);

  // Keep the address in step with the wizard: a new entry per step, the current one replaced per edit.
  useEffect(() => {
    if (created) return;
    const search = wizardSearch(step, draft);
    if (window.location.search === search) return;
    const params = new URLSearchParams(window.location.search);
    if (!params.has("draft")) {
      writeUrl("replace", search); // the first write, at once
      return;
    }
    const urlStep = parseStep(params.get("step"));
    if (urlStep !== step) {
      writeUrl("replace", wizardSearch(urlStep, draft)); // the step being left keeps the latest draft
      writeUrl("push", search);
      return;
    }
    // At once, not debounced: a write queued behind a navigation away (Cancel, a nav link) would bring the wizard back.
    writeUrl("replace", search);
  }, [step, draft, created]);

  // Browser Back / Forward: go to the entry's step, keeping the latest draft.
  const onPopState = useEffectEvent(() => {
    const params = new URLSearchParams(window.location.search);
    if (params.get("created") && created && params.get("created") === created.id) return;
    setCreated(null);
    setStep(stepToOpen(validateDraft(draft, context), parseStep(params.get("step"))));
    onReturn();
  });
  useEffect(() => {
    const listener = () => onPopState();
    window.addEventListener("popstate", listener);
    return () => window.removeEventListener("popstate", listener);
  }, []);

  /** The policy is created: the address becomes `?created=<id>` and the wizard shows the confirmation. */
  function finish(policy: CreatedPolicy) {
    writeUrl("replace", `?${new URLSearchParams({ created: policy.id })}`);
    setCreated(policy);
  }

  return { step, setStep, draft, setDraft, created, finish };
}
