/**
 * Text from outside (forms, query strings, JSON bodies, path segments) before it reaches the
 * database or a page: one zod primitive for every text input, and the checks behind it. Pure, so
 * that client-side validation and the server share it.
 *
 * PostgreSQL cannot store U+0000 in text, and a lone UTF-16 surrogate is not a character at all:
 * either would reach the database as an error (a 500). Other control characters (U+0001–U+001F,
 * U+007F) have no place in a name or a search; tab and newline are allowed where text may span
 * lines (messages).
 */
import { z } from "zod";

// In the browser, zod compiles object parsers with `new Function` unless told not to; the pages'
// Content-Security-Policy (src/proxy.ts) allows no eval, and even zod's probe for it is reported as
// a violation. Set here, before the form schemas (which all build on this module) are created.
if (typeof window !== "undefined") z.config({ jitless: true });

// Lone surrogates: a high one not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex
const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F]/;
// eslint-disable-next-line no-control-regex
const CONTROL_MULTI_LINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** The problem with `value` as text, or null: control characters (but tab/newline when multi-line) or lone surrogates. */
export function textProblem(value: string, { multiline = false }: { multiline?: boolean } = {}): string | null {
  if ((multiline ? CONTROL_MULTI_LINE : CONTROL_SINGLE_LINE).test(value)) return "Remove the control characters from this text.";
  if (LONE_SURROGATE.test(value)) return "This text contains an invalid character.";
  return null;
}

/** True when `value` can be stored and shown: no control character, no lone surrogate. */
export function isCleanText(value: string, options: { multiline?: boolean } = {}): boolean {
  return textProblem(value, options) === null;
}

export interface TextOptions {
  /** Longest accepted length after trimming (characters). Required: every input is bounded. */
  max: number;
  /** Shortest accepted length after trimming; 0 (the default) allows empty text. */
  min?: number;
  /** Tab and newlines allowed (a message); otherwise one line. */
  multiline?: boolean;
  /** Trim surrounding white space (default true). */
  trim?: boolean;
  /** The field's name in messages ("Name is required."); default "This field". */
  label?: string;
  /** The message for empty (or too short) text, instead of the one made from `label`. */
  required?: string;
  /** The message for text over `max`, instead of the one made from `label`. */
  tooLong?: string;
}

/**
 * The string primitive for every text input: trimmed, bounded, free of control characters and lone
 * surrogates, each refused with a field-level message.
 */
export function text({ max, min = 0, multiline = false, trim = true, label = "This field", required, tooLong }: TextOptions) {
  const notText = required ?? `${label} must be text.`;
  const base = trim ? z.string({ error: notText }).trim() : z.string({ error: notText });
  return base
    .superRefine((value, ctx) => {
      const problem = textProblem(value, { multiline });
      if (problem) ctx.addIssue({ code: "custom", message: problem, abort: true });
    })
    .refine((value) => value.length >= min, {
      message: required ?? (min <= 1 ? `${label} is required.` : `${label} needs at least ${min} characters.`),
      abort: true,
    })
    .refine((value) => value.length <= max, { message: tooLong ?? `${label} can be at most ${max} characters.` });
}

/** Decodes one percent-encoded path segment or query value; null when the encoding is malformed. */
export function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}
