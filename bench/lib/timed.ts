/** Timing an in-process call and counting the SQL statements Prisma sent meanwhile (query events). */
import type { PrismaClient } from "@/generated/prisma/client";
import { onQuery } from "./launch-sql";

export interface Timed {
  ms: number;
  statements: number;
  /** Each statement in order: its time as Prisma reports it (ms) and its first words. */
  sql: string[];
}

export type Events = { on: boolean; list: { query: string; duration: number }[] };

const short = (q: string) => q.replace(/\s+/g, " ").trim().slice(0, 70);

export const timing = ({ ms, statements, sql }: Timed): Timed => ({ ms, statements, sql });

/** Starts listening to a client made with `log: [{ emit: "event", level: "query" }]`. */
export function listen(prisma: PrismaClient): Events {
  const events: Events = { on: false, list: [] };
  onQuery(prisma, (e) => {
    if (events.on) events.list.push({ query: e.query, duration: Number(e.duration) });
  });
  return events;
}

/** Runs `fn` and returns its time and the statements Prisma sent meanwhile. */
export async function timed<T>(prisma: PrismaClient, events: Events, fn: () => Promise<T>): Promise<{ value: T } & Timed> {
  await new Promise((r) => setTimeout(r, 20)); // let stray events of what came before arrive first
  events.list = [];
  events.on = true;
  const started = performance.now();
  const value = await fn();
  const ms = performance.now() - started;
  events.on = false;
  return { value, ms, statements: events.list.length, sql: events.list.map((e) => `${e.duration.toFixed(1).padStart(6)} ms  ${short(e.query)}`) };
}
