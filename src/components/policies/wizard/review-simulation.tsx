"use client";

import { useEffect, useState } from "react";
import type { ServerAction } from "@/server/action";
import type { SimulatePolicyInput, SimulationView } from "@/server/domain/policies/schema";
import { SimulationNumbers } from "../simulation-numbers";

type State = { key: string; result: SimulationView | null; error: string | null };

/** The Review step's simulation of the draft, asked of the server whenever its app or products change. */
export function ReviewSimulation({ input, action }: { input: SimulatePolicyInput; action: ServerAction<SimulatePolicyInput, SimulationView> }) {
  const key = JSON.stringify(input);
  const [state, setState] = useState<State | null>(null);
  useEffect(() => {
    let current = true;
    action(JSON.parse(key) as SimulatePolicyInput).then(
      (r) => current && setState(r.ok ? { key, result: r.data, error: null } : { key, result: null, error: r.error }),
      () => current && setState({ key, result: null, error: "The simulation could not be run. Try again later." }),
    );
    return () => {
      current = false;
    };
  }, [key, action]);

  if (!state || state.key !== key) {
    return (
      <p role="status" className="text-ink-3">
        Replaying the last 30 days of launches…
      </p>
    );
  }
  if (state.error) return <p className="text-ink-3">{state.error}</p>;
  return <SimulationNumbers result={state.result!} />;
}
