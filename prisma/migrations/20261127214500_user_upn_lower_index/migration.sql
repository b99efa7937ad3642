-- Launches name their user by id or by UPN, case-insensitively (lower(UPN) = lower($1)): without this
-- index that lookup scans every user (64 ms at 100,000 users; 0.6 ms with it — docs/benchmarks.md).
CREATE INDEX "User_upn_lower_idx" ON "User" (lower("userPrincipalName"));
