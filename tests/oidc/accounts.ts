/**
 * The people of the test OpenID Connect provider (provider.ts), by the name typed on its sign-in
 * page, with the claims their ID tokens carry — Microsoft Entra's shape: `tid` + `oid`,
 * `preferred_username` as the UPN. Each one tries one rule of SPEC §11.
 */

/** The directory the portal is configured for (OIDC_TENANT_ID in the browser tests). */
export const TEST_TENANT_ID = "6d7a1c52-3f0e-4b8a-9c41-0e5b2d8f7a13";
/** Another organisation's directory. */
export const OTHER_TENANT_ID = "0b9e4f21-7c3d-4e6a-8f15-9a2c4d6e8b70";

export interface TestAccount {
  /** What the test types on the provider's sign-in page; also the account's `sub`. */
  name: string;
  claims: Record<string, string | boolean>;
}

const account = (name: string, oid: string, claims: Record<string, string | boolean>): TestAccount => ({
  name,
  claims: { tid: TEST_TENANT_ID, oid, ...claims },
});

export const TEST_ACCOUNTS: TestAccount[] = [
  // The seeded Global admin of Contoso: signs in, and the portal binds tid:oid.
  account("admin", "1f3c5e7a-0000-4000-8000-00000000a001", {
    preferred_username: "admin@contoso.com",
    name: "MOD Administrator",
    email: "admin@contoso.com",
    email_verified: true,
  }),
  // Someone else in the same directory whose token carries the admin's UPN (a reused or renamed name).
  account("impostor", "1f3c5e7a-0000-4000-8000-00000000a002", { preferred_username: "admin@contoso.com", name: "Not the admin" }),
  // A UPN made of wildcards: under ILIKE it would name the first user of contoso.com.
  account("wildcard", "1f3c5e7a-0000-4000-8000-00000000a003", { preferred_username: "%@contoso.com", name: "Wildcard" }),
  // nOAuth: a name of the attacker's own, and the admin's address in an unverified email claim.
  account("unverified-email", "1f3c5e7a-0000-4000-8000-00000000a004", {
    preferred_username: "nobody@attacker.example",
    name: "Attacker",
    email: "admin@contoso.com",
    email_verified: false,
  }),
  // A Reports reader's UPN, from another organisation's directory.
  {
    name: "other-tenant",
    claims: { tid: OTHER_TENANT_ID, oid: "1f3c5e7a-0000-4000-8000-00000000a005", preferred_username: "reports@contoso.com", name: "Elsewhere" },
  },
];

export function findTestAccount(name: string): TestAccount | undefined {
  return TEST_ACCOUNTS.find((a) => a.name === name.trim().toLowerCase());
}
