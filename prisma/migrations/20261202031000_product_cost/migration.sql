-- The cost of licences (SPEC §8.6): what one unit costs a month, in an ISO 4217 currency.
-- A null price means the product is not priced yet; a price is never negative.
ALTER TABLE "Product" ADD COLUMN "unitPrice" DECIMAL(12,2),
ADD COLUMN "currency" TEXT NOT NULL DEFAULT 'USD';

ALTER TABLE "Product" ADD CONSTRAINT "Product_currency_iso4217" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "Product" ADD CONSTRAINT "Product_unitPrice_not_negative" CHECK ("unitPrice" IS NULL OR "unitPrice" >= 0);
