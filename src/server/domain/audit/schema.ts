import { z } from "zod";

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const text = (max: number) => z.preprocess((v) => (typeof first(v) === "string" ? String(first(v)).trim().slice(0, max) : ""), z.string());
const day = z.preprocess(
  (v) => {
    const s = first(v);
    return typeof s === "string" && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) ? s : "";
  },
  z.string(),
);

/** The audit log's filter (search params): who, which action, from and to (UTC days, inclusive), and the page. */
export const auditQuerySchema = z.object({
  actor: text(320),
  action: text(100),
  from: day,
  to: day,
  after: z.preprocess((v) => (typeof first(v) === "string" ? first(v) : undefined), z.string().max(200).optional()),
  before: z.preprocess((v) => (typeof first(v) === "string" ? first(v) : undefined), z.string().max(200).optional()),
});
export type AuditQuery = z.output<typeof auditQuerySchema>;
