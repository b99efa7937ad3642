-- The one home of the rule "a request resolves itself": whenever an assignment starts holding a unit
-- (inserted active, or a group licence served from its error state), the person's pending requests
-- for an app that product licenses — a standalone product for the app's auto-claim app (Power Apps,
-- Power Automate), as step 2 of the launch decision counts it; any standalone product for a request
-- whose app is gone — close as ALREADY_LICENSED in the same transaction. Every path that licenses a
-- person locks the person's row first, so this update never races another change of that person.
CREATE FUNCTION license_request_close_when_licensed() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  licenses TEXT;
BEGIN
  SELECT p."standaloneFor"::TEXT INTO licenses FROM "Product" p WHERE p."id" = NEW."productId";
  IF licenses IS NULL THEN
    RETURN NULL;
  END IF;
  UPDATE "LicenseRequest" r
     SET "status" = 'ALREADY_LICENSED', "productId" = NEW."productId", "decidedAt" = now(), "decidedById" = NULL
   WHERE r."tenantId" = NEW."tenantId" AND r."userId" = NEW."userId" AND r."status" = 'PENDING'
     AND (r."appId" IS NULL OR EXISTS (SELECT 1 FROM "App" a WHERE a."id" = r."appId" AND a."autoClaimApp"::TEXT = licenses));
  RETURN NULL;
END
$$;
CREATE TRIGGER "LicenseAssignment_request_close_inserted" AFTER INSERT ON "LicenseAssignment"
  FOR EACH ROW WHEN (NEW."state" = 'ACTIVE') EXECUTE FUNCTION license_request_close_when_licensed();
CREATE TRIGGER "LicenseAssignment_request_close_served" AFTER UPDATE OF "state" ON "LicenseAssignment"
  FOR EACH ROW WHEN (OLD."state" <> 'ACTIVE' AND NEW."state" = 'ACTIVE') EXECUTE FUNCTION license_request_close_when_licensed();

-- Requests left pending by people who already hold such a product close now.
UPDATE "LicenseRequest" r
   SET "status" = 'ALREADY_LICENSED', "decidedAt" = now(),
       "productId" = (SELECT la."productId" FROM "LicenseAssignment" la JOIN "Product" p ON p."id" = la."productId"
                       LEFT JOIN "App" a ON a."id" = r."appId"
                      WHERE la."userId" = r."userId" AND la."state" = 'ACTIVE' AND p."standaloneFor" IS NOT NULL
                        AND (a."id" IS NULL OR p."standaloneFor"::TEXT = a."autoClaimApp"::TEXT)
                      ORDER BY la."assignedAt" LIMIT 1)
 WHERE r."status" = 'PENDING'
   AND EXISTS (SELECT 1 FROM "LicenseAssignment" la JOIN "Product" p ON p."id" = la."productId"
                LEFT JOIN "App" a ON a."id" = r."appId"
               WHERE la."userId" = r."userId" AND la."state" = 'ACTIVE' AND p."standaloneFor" IS NOT NULL
                 AND (a."id" IS NULL OR p."standaloneFor"::TEXT = a."autoClaimApp"::TEXT));
