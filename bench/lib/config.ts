/** Sizes of a full run and of the smoke run (`npm run bench -- --smoke`, and bench.smoke.test.ts). */
export interface BenchConfig {
  smoke: boolean;
  users: number;
  assignments: number;
  launches: number;
  stormUsers: number;
  stormUnits: number;
  /** The bigger storm (issue 18): ten times the users for ten times the units. */
  bigStormUsers: number;
  bigStormUnits: number;
  /** Serving a waiting list: people waiting, and the units the admin adds (also the size of the bulk-assignment baseline). */
  servingWaiting: number;
  servingUnits: number;
  /** autocannon: connections and seconds of each load measurement, and of its warm-up. */
  connections: number;
  seconds: number;
  warmupSeconds: number;
  serialSeconds: number;
  /** Sequential samples per statement in the time breakdown. */
  breakdownSamples: number;
  reportRequests: number;
}

export const FULL: BenchConfig = {
  smoke: false,
  users: 100_000,
  assignments: 100_000,
  launches: 1_000_000,
  stormUsers: 1_000,
  stormUnits: 100,
  bigStormUsers: 10_000,
  bigStormUnits: 1_000,
  servingWaiting: 10_000,
  servingUnits: 1_000,
  connections: 32,
  seconds: 10,
  warmupSeconds: 3,
  serialSeconds: 3,
  breakdownSamples: 300,
  reportRequests: 50,
};

export const SMOKE: BenchConfig = {
  smoke: true,
  users: 2_000,
  assignments: 2_000,
  launches: 20_000,
  stormUsers: 200,
  stormUnits: 20,
  bigStormUsers: 400,
  bigStormUnits: 40,
  servingWaiting: 200,
  servingUnits: 20,
  connections: 32,
  seconds: 2,
  warmupSeconds: 1,
  serialSeconds: 1,
  breakdownSamples: 30,
  reportRequests: 5,
};
