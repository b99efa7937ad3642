-- ADR 32: every app process caches authenticated API tokens; a revocation, a deletion or any change
-- of what authenticateToken returns (tenant, name, scopes, hash) tells them all, by NOTIFY on the
-- channel "api_token_revoked" with the token's hash as payload. NOTIFY is transactional: it is sent
-- when the transaction commits, never for one rolled back. lastUsedAt's writes do not notify.
CREATE FUNCTION "api_token_notify"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('api_token_revoked', OLD."tokenHash");
  IF TG_OP = 'UPDATE' AND NEW."tokenHash" IS DISTINCT FROM OLD."tokenHash" THEN
    PERFORM pg_notify('api_token_revoked', NEW."tokenHash");
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "ApiToken_notify_update"
AFTER UPDATE OF "revokedAt", "scopes", "tenantId", "name", "tokenHash" ON "ApiToken"
FOR EACH ROW
WHEN (
  OLD."revokedAt" IS DISTINCT FROM NEW."revokedAt"
  OR OLD."scopes" IS DISTINCT FROM NEW."scopes"
  OR OLD."tenantId" IS DISTINCT FROM NEW."tenantId"
  OR OLD."name" IS DISTINCT FROM NEW."name"
  OR OLD."tokenHash" IS DISTINCT FROM NEW."tokenHash"
)
EXECUTE FUNCTION "api_token_notify"();

CREATE TRIGGER "ApiToken_notify_delete"
AFTER DELETE ON "ApiToken"
FOR EACH ROW
EXECUTE FUNCTION "api_token_notify"();
