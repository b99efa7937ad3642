/**
 * A real OpenID Connect provider for the browser tests: oidc-provider (a certified implementation)
 * on 127.0.0.1, with the accounts of accounts.ts and a minimal sign-in page: type an account's name,
 * consent is granted. Nothing leaves the machine. Started by scripts/e2e-server.ts, or on its own:
 * `npx tsx tests/oidc/provider.ts` (prints the issuer).
 *
 * Every authorization request asks for an account again (no single sign-on between tests), and the
 * ID token carries every claim of the granted scopes (`conformIdTokenClaims: false`), as Entra's do;
 * `email` is sent whatever the scopes, as a lax issuer would.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { interactionPolicy, type Account, type KoaContextWithOIDC } from "oidc-provider";
import { findTestAccount, TEST_ACCOUNTS } from "./accounts";

export interface TestIssuerOptions {
  clientId: string;
  clientSecret: string;
  /** The relying party's redirect URIs (next-auth: <app>/api/auth/callback/oidc). */
  redirectUris: string[];
  /** 0 (default): any free port. */
  port?: number;
}

export interface TestIssuer {
  issuer: string;
  close(): Promise<void>;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(uid: string, message?: string): string {
  const accounts = TEST_ACCOUNTS.map((a) => `<li><code>${escapeHtml(a.name)}</code> — ${escapeHtml(String(a.claims.preferred_username ?? ""))}</li>`).join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Test identity provider</title></head>
<body><main><h1>Test identity provider</h1>
${message ? `<p role="alert">${escapeHtml(message)}</p>` : ""}
<form method="post" action="/interaction/${escapeHtml(uid)}">
<label for="account">Account</label> <input id="account" name="account" autocomplete="off" autofocus>
<button type="submit">Continue</button>
</form><ul>${accounts}</ul></main></body></html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) break;
  }
  return new URLSearchParams(body);
}

export async function startTestIssuer({ clientId, clientSecret, redirectUris, port = 0 }: TestIssuerOptions): Promise<TestIssuer> {
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const policy = interactionPolicy.base();
  policy
    .get("login")!
    .checks.push(
      new interactionPolicy.Check("choose_account", "every sign-in chooses a test account", (ctx) =>
        ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
      ),
    );
  const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "client_secret_basic",
        id_token_signed_response_alg: "RS256",
      },
    ],
    jwks: { keys: [{ ...signingKey, use: "sig", alg: "RS256", kid: "test-issuer" }] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    claims: {
      openid: ["sub", "tid", "oid", "email", "email_verified"],
      profile: ["name", "preferred_username", "upn"],
    },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { policy, url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    // Consent is granted: a fresh grant of the requested scopes for the account just chosen.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const accountId = ctx.oidc.session.accountId;
      if (!accountId) return undefined;
      const grant = new provider.Grant({ accountId, clientId: ctx.oidc.client.clientId });
      grant.addOIDCScope([...ctx.oidc.requestParamOIDCScopes].join(" "));
      await grant.save();
      return grant;
    },
    async findAccount(_ctx: unknown, sub: string): Promise<Account | undefined> {
      const account = findTestAccount(sub);
      return account && { accountId: account.name, claims: () => ({ sub: account.name, ...account.claims }) };
    },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
  });
  provider.on("server_error", (_ctx, error) => console.error("[test issuer]", error));

  const oidc = provider.callback();
  handle = (req, res) => {
    const uid = /^\/interaction\/([\w-]+)$/.exec(new URL(req.url ?? "/", issuer).pathname)?.[1];
    if (!uid) return oidc(req, res);
    void interaction(req, res, uid).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(400, { "content-type": "text/plain" });
      res.end(`Sign-in at the test identity provider failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  };

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string) {
    await provider.interactionDetails(req, res); // refuses an unknown or expired interaction
    if (req.method !== "POST") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(page(uid));
      return;
    }
    const name = (await readForm(req)).get("account") ?? "";
    const account = findTestAccount(name);
    if (!account) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(page(uid, `No test account is called "${name}".`));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: account.name } }, { mergeWithLastSubmission: false });
  }

  return {
    issuer,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

// `npx tsx tests/oidc/provider.ts`: serve on E2E_OIDC_PORT (or any free port) for a client of your own.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { issuer } = await startTestIssuer({
    clientId: process.env.OIDC_CLIENT_ID ?? "autoclaim-portal",
    clientSecret: process.env.OIDC_CLIENT_SECRET ?? "autoclaim-portal-test-secret",
    redirectUris: [process.env.OIDC_REDIRECT_URI ?? "http://127.0.0.1:3000/api/auth/callback/oidc"],
    port: Number(process.env.E2E_OIDC_PORT ?? 0),
  });
  console.log(issuer);
}
