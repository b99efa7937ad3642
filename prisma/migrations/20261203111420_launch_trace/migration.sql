-- Each launch keeps the launch rule's trace as it decided then (the "why / why not" of the console,
-- ADR 28): the steps it took, their facts and marks, and the outcome. Null for launches recorded
-- before traces were.
ALTER TABLE "Launch" ADD COLUMN "trace" JSONB;
