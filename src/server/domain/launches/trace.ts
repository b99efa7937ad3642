/**
 * The launch rule's trace in words (the "why / why not" of a launch): one phrase per step the rule
 * took, marked as it marked it, and the conclusion. Wording only — the steps and their marks come
 * from traceLaunch (rules.ts), stored with each launch as decided then.
 */
import type { AutoClaimApp } from "@/generated/prisma/enums";
import type { LaunchTrace, TraceMark, TraceStep } from "./rules";

export interface TraceLine {
  text: string;
  mark: TraceMark;
  /** The step that decided the launch (the last one). */
  decisive: boolean;
}

export interface TraceWords {
  lines: TraceLine[];
  /** "claimed Power Apps Premium", "refused, 3rd in the waiting list"… */
  conclusion: string;
  decision: LaunchTrace["decision"];
}

const APP_NAMES: Record<AutoClaimApp, string> = {
  POWER_APPS: "Power Apps",
  POWER_AUTOMATE: "Power Automate",
  MICROSOFT_TEAMS: "Microsoft Teams",
};

export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}

function stepText(step: TraceStep, app: string): string {
  switch (step.step) {
    case "LICENCE_NEEDED":
      if (step.premium) return "Premium app";
      return step.managedEnvironment
        ? "Standard app in a managed environment: needs a license"
        : "Standard app in a standard environment: the Microsoft 365 license covers it";
    case "STANDALONE":
      return step.holds ? `Holds a standalone ${app} license` : "Holds no standalone license";
    case "SETTING":
      return step.on ? "Auto-claim on" : "Auto-claim off";
    case "POLICY": {
      const name = step.name ? `Policy “${step.name}”` : "The policy";
      if (step.status === "NONE") return `No ${app} auto-claim policy`;
      if (step.status === "REPORT_ONLY") return `${name} in report only (decided as off)`;
      return `${name} ${step.status === "ON" ? "on" : "off"}`;
    }
    case "SCOPE":
      if (step.scope === "ALL_ENVIRONMENTS") return "Scope all environments";
      return step.managedEnvironment
        ? "Scope managed environments; this environment is managed"
        : "Scope managed environments only; this environment is standard";
    case "CAP":
      return `Policy limit: ${step.held} of ${step.max} licenses held`;
    case "PRODUCT": {
      const name = step.name ?? (step.position === 0 ? "Primary product" : `Backup product ${step.position}`);
      if (step.left !== undefined && step.purchased !== undefined) return `${name}: ${step.left} of ${step.purchased} left`;
      return `${name}: ${step.available ? "a license left" : "none left"}`;
    }
    case "PRODUCTS":
      return "Every product of the policy used up";
  }
}

function conclusion(trace: LaunchTrace): string {
  switch (trace.reason) {
    case "NOT_REQUIRED":
      return "allowed, no extra license needed";
    case "LICENSED":
      return "allowed, already licensed";
    case "AUTO_CLAIMED":
      return trace.claimedProduct ? `claimed ${trace.claimedProduct}` : "claimed a license";
    default:
      if (trace.waitlistPosition) return `refused, ${ordinal(trace.waitlistPosition)} in the waiting list`;
      return trace.waitlisted ? "refused, put on the waiting list" : "refused";
  }
}

/** The trace in words for an app of `autoClaimApp`. */
export function traceWords(trace: LaunchTrace, autoClaimApp: AutoClaimApp = "POWER_APPS"): TraceWords {
  const app = APP_NAMES[autoClaimApp];
  const last = trace.steps.length - 1;
  return {
    lines: trace.steps.map((step, i) => ({ text: stepText(step, app), mark: step.mark, decisive: i === last })),
    conclusion: conclusion(trace),
    decision: trace.decision,
  };
}

/** The whole trace on one line: "Premium app ✓ · … ✗ → refused, 3rd in the waiting list". */
export function traceSentence(words: TraceWords): string {
  const marks = (m: TraceMark) => (m === "passed" || m === "allowed" ? "✓" : "✗");
  return `${words.lines.map((l) => `${l.text} ${marks(l.mark)}`).join(" · ")} → ${words.conclusion}`;
}

/** A stored trace (Launch.trace), checked for the shape this version writes; null for launches recorded before traces were. */
export function storedTrace(value: unknown): LaunchTrace | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const t = value as Partial<LaunchTrace>;
  if (typeof t.decision !== "string" || typeof t.reason !== "string" || !Array.isArray(t.steps)) return null;
  return t as LaunchTrace;
}
