import type { SimulationView } from "@/server/domain/policies/schema";

const number = new Intl.NumberFormat("en-US");
const day = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });
const plural = (n: number, one: string, many: string) => `${number.format(n)} ${n === 1 ? one : many}`;

/**
 * A simulation's answer (SPEC §8.5): "this policy would have claimed 42 licenses; 12 available now;
 * 30 people would be waiting", over the window it replayed. Shown by the wizard's Review step and
 * the policy details page.
 */
export function SimulationNumbers({ result }: { result: SimulationView }) {
  return (
    <div data-testid="simulation">
      <p data-testid="simulation-sentence">
        Replaying the launches of the last 30 days ({day.format(result.since)} – {day.format(result.until)}), this policy would have claimed{" "}
        <strong data-testid="simulation-would-claim">{plural(result.wouldClaim, "license", "licenses")}</strong>;{" "}
        <strong data-testid="simulation-available">{number.format(result.availableNow)}</strong> available now;{" "}
        <strong data-testid="simulation-would-wait">{plural(result.wouldWait, "person", "people")}</strong> would be waiting.
      </p>
      <p className="mt-1 text-xs text-ink-3">
        Counted once per person who launched an app this policy would cover and holds no license for it now. Nothing is claimed by a simulation.
      </p>
    </div>
  );
}
