/**
 * The app's structured log (ADR 27): one JSON object per line on standard output, by pino — one
 * line per HTTP request (src/server/http/request-log.ts), one per background job pass that did
 * something or failed (src/server/jobs), and the process's start-up and shutdown. Every request
 * line carries the request id that the response echoes in `x-request-id`, so an operator can follow
 * one failed launch from the client to the server. LOG_LEVEL sets the level (default info; silent
 * in the tests' own processes unless set).
 */
import pino from "pino";

const level = process.env.LOG_LEVEL || (process.env.VITEST ? "silent" : "info");

export const log = pino({
  level,
  base: { pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
});

export type Logger = typeof log;
