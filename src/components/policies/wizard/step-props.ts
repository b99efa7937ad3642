import type { WizardDraft } from "./draft";
import type { DraftErrors } from "./validate";

/** What every editing step gets from the wizard. */
export interface StepProps {
  draft: WizardDraft;
  errors: DraftErrors;
  readOnly: boolean;
  /** Changes the draft; the messages shown are cleared. */
  update: (change: (draft: WizardDraft) => WizardDraft) => void;
}

/** The change that sets one field of the draft (the value is taken now, not when React applies the change). */
export function setting<K extends keyof WizardDraft>(key: K, value: WizardDraft[K]) {
  return (draft: WizardDraft): WizardDraft => ({ ...draft, [key]: value });
}
