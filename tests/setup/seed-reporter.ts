/**
 * Files and tests run in a random order (vitest.config.ts `sequence.shuffle`). This reporter says
 * which order at the start of every run, and again after a failing run, so any failure can be
 * replayed exactly: `npx vitest run --sequence.seed=N`.
 */
import type { Reporter, TestModule, Vitest } from "vitest/node";

export default class SeedReporter implements Reporter {
  private seed: number | null = null;

  onInit(vitest: Vitest): void {
    this.seed = vitest.config.sequence.seed ?? null;
    if (this.seed !== null) console.log(line(this.seed));
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const failed = unhandledErrors.length > 0 || testModules.some((m) => !m.ok());
    if (failed && this.seed !== null) console.log(`\n${line(this.seed)}`);
  }
}

function line(seed: number): string {
  return `Shuffle seed: ${seed} — rerun with --sequence.seed=${seed}`;
}
