-- The sender's ordering check (ADR 23) asks for an earlier PENDING row of the same subscription and
-- subject: a partial index keeps that probe to the pending rows, however long the delivery log grows.
DROP INDEX "WebhookDelivery_subscriptionId_subject_seq_idx";
CREATE INDEX "WebhookDelivery_pending_subject" ON "WebhookDelivery" ("subscriptionId", "subject", "seq") WHERE "status" = 'PENDING';
