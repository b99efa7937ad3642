-- AlterTable
ALTER TABLE "User" ADD COLUMN     "oidcIssuer" TEXT,
ADD COLUMN     "oidcSubject" TEXT,
ADD COLUMN     "sessionVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "RateLimiterFlexible" (
    "key" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "expire" TIMESTAMP(3),

    CONSTRAINT "RateLimiterFlexible_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_oidcIssuer_oidcSubject_key" ON "User"("oidcIssuer", "oidcSubject");


-- Sessions end when what they granted changes (SPEC §11): a new role or a disabled account raises
-- the user's session version in the same statement, whichever code path (console, SCIM, SQL) made
-- the change, so that every session issued before it is refused at its next request.
CREATE FUNCTION "User_end_sessions"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."role" IS DISTINCT FROM OLD."role" OR NEW."accountEnabled" IS DISTINCT FROM OLD."accountEnabled" THEN
    NEW."sessionVersion" := OLD."sessionVersion" + 1;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "User_end_sessions" BEFORE UPDATE OF "role", "accountEnabled" ON "User"
  FOR EACH ROW EXECUTE FUNCTION "User_end_sessions"();

-- A UPN names one user whatever its case (as in Microsoft Entra): look-ups compare lower(upn), so
-- the index they use is unique.
DROP INDEX "User_upn_lower_idx";
CREATE UNIQUE INDEX "User_upn_lower_key" ON "User" (lower("userPrincipalName"));
