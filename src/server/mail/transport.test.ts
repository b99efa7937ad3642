import { describe, expect, it } from "vitest";
import { smtpOptions } from "./transport";

describe("smtpOptions", () => {
  it("reads host, port, TLS and percent-encoded credentials", () => {
    expect(smtpOptions("smtps://alerts%40contoso.com:p%3Ass@mail.contoso.com")).toEqual({
      host: "mail.contoso.com",
      port: 465,
      secure: true,
      auth: { user: "alerts@contoso.com", pass: "p:ss" },
    });
    expect(smtpOptions("smtp://127.0.0.1:2525")).toEqual({ host: "127.0.0.1", port: 2525, secure: false });
    expect(smtpOptions("smtp://[::1]:25").host).toBe("::1");
    expect(smtpOptions("smtp://mail.contoso.com").port).toBe(587);
  });
  it("refuses another scheme", () => {
    expect(() => smtpOptions("http://mail.contoso.com")).toThrow(/smtp:\/\//);
  });
});
