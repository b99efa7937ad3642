import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("parseEnv", () => {
  it("fills the embedded database and demo defaults", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBe("file:./.data/pglite");
    expect(env.DEMO_MODE).toBe(false);
    expect(env.DEMO_PASSWORD).toBe("contoso-demo");
    expect(env.DEMO_API_TOKEN).toBe("demo-token");
  });
  it("reads DEMO_MODE as a boolean", () => {
    expect(parseEnv({ DEMO_MODE: "true" }).DEMO_MODE).toBe(true);
    expect(parseEnv({ DEMO_MODE: "0" }).DEMO_MODE).toBe(false);
  });
  it("names the variable that is wrong", () => {
    expect(() => parseEnv({ DEMO_MODE: "yes" })).toThrow(/DEMO_MODE/);
    expect(() => parseEnv({ OIDC_ISSUER: "https://login.microsoftonline.com/x/v2.0" })).toThrow(/OIDC_ISSUER.*together/);
  });
  it("accepts a complete OIDC configuration", () => {
    const env = parseEnv({ OIDC_ISSUER: "https://login.microsoftonline.com/x/v2.0", OIDC_CLIENT_ID: "id", OIDC_CLIENT_SECRET: "secret" });
    expect(env.OIDC_CLIENT_ID).toBe("id");
  });
  it("takes an SMTP server only with the portal's URL, for the links in e-mails", () => {
    expect(() => parseEnv({ SMTP_URL: "smtp://mail.contoso.com:587" })).toThrow(/APP_URL.*SMTP_URL/);
    expect(() => parseEnv({ SMTP_URL: "http://mail.contoso.com", APP_URL: "https://portal.contoso.com" })).toThrow(/SMTP_URL/);
    const env = parseEnv({ SMTP_URL: "smtps://u:p@mail.contoso.com:465", APP_URL: "https://portal.contoso.com" });
    expect(env.SMTP_URL).toBe("smtps://u:p@mail.contoso.com:465");
    expect(env.SMTP_FROM).toBe("Auto-claim portal <no-reply@localhost>");
  });
});
