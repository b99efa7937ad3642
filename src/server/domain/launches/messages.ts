/** What a launch decision means, in plain words, for the person launching (the /launch page, the API). */
import type { AutoClaimApp, LaunchReason } from "@/generated/prisma/enums";

const APP_WORDS: Record<AutoClaimApp, { product: string; act: string }> = {
  POWER_APPS: { product: "Power Apps", act: "open this app" },
  POWER_AUTOMATE: { product: "Power Automate", act: "run this flow" },
  MICROSOFT_TEAMS: { product: "Microsoft Teams", act: "open this app" },
};

const anyOf = new Intl.ListFormat("en", { type: "disjunction" });

/** `productNames`: every product of the policy, in its order — a refusal for lack of units names each one that ran out. */
export function launchMessage(
  reason: LaunchReason,
  ctx: { autoClaimApp: AutoClaimApp; productName?: string; productNames?: string[]; policyName?: string },
): string {
  const w = APP_WORDS[ctx.autoClaimApp];
  switch (reason) {
    case "NOT_REQUIRED":
      return `No extra license is needed: your Microsoft 365 license covers standard ${w.product} apps in this environment.`;
    case "LICENSED":
      return `You already have a ${w.product} license.`;
    case "AUTO_CLAIMED":
      return `A ${ctx.productName ?? w.product} license was assigned to you automatically by the policy "${ctx.policyName ?? "auto-claim"}".`;
    case "FEATURE_OFF":
      return `You need a ${w.product} license to ${w.act}, and your organization hasn't turned on automatic license assignment.`;
    case "NO_POLICY":
      return `You need a ${w.product} license to ${w.act}, and your organization has no auto-claim policy for ${w.product}.`;
    case "POLICY_OFF":
      return `You need a ${w.product} license to ${w.act}, and your organization's auto-claim policy for ${w.product} is turned off.`;
    case "OUT_OF_SCOPE":
      return `Auto-claim applies only in managed environments, and this app is in a standard one. You need a ${w.product} license to ${w.act}.`;
    case "NO_LICENSES_AVAILABLE":
      return `Your organization has no ${ctx.productNames?.length ? anyOf.format(ctx.productNames) : (ctx.productName ?? `${w.product} Premium`)} licenses left. Your administrators have been told.`;
    case "POLICY_CAP_REACHED":
      return "This app's policy has used all the licenses it may assign.";
  }
}
