import { describe, expect, it } from "vitest";
import { clientAddress, normaliseAddress, UNKNOWN_ADDRESS } from "./client-address";

describe("clientAddress", () => {
  it("reads the address Next.js copies from the socket when the request brought no X-Forwarded-For", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientAddress({ "x-forwarded-for": "::ffff:127.0.0.1" })).toBe("127.0.0.1");
    expect(clientAddress({ "x-forwarded-for": "::1" })).toBe("::1");
  });

  it("reads the right-most entry: the one the proxy in front appended, not what the client claimed", () => {
    expect(clientAddress({ "x-forwarded-for": "10.9.9.9, 198.51.100.4, 203.0.113.9" })).toBe("203.0.113.9");
    expect(clientAddress({ "X-Forwarded-For": "1.1.1.1,203.0.113.10" })).toBe("203.0.113.10");
    expect(clientAddress({ "x-forwarded-for": ["1.1.1.1", "203.0.113.11"] })).toBe("203.0.113.11");
  });

  it("says unknown when there is no usable address", () => {
    expect(clientAddress({})).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress(new Headers())).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress({ "x-forwarded-for": "" })).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress({ "x-forwarded-for": "1.2.3.4, not-an-address" })).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress({ "x-forwarded-for": "a\u0000b" })).toBe(UNKNOWN_ADDRESS);
  });
});

describe("normaliseAddress", () => {
  it("drops ports, brackets and zones", () => {
    expect(normaliseAddress("203.0.113.9:51234")).toBe("203.0.113.9");
    expect(normaliseAddress("[2001:db8::1]:443")).toBe("2001:db8:0:0::/64");
    expect(normaliseAddress("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  });

  it("reads IPv4-mapped IPv6 as IPv4 and keys IPv6 by its /64 network", () => {
    expect(normaliseAddress("::FFFF:192.0.2.33")).toBe("192.0.2.33");
    expect(normaliseAddress("::ffff:c000:221")).toBe("192.0.2.33");
    expect(normaliseAddress("2001:db8:aa:bb:1:2:3:4")).toBe("2001:db8:aa:bb::/64");
    expect(normaliseAddress("2001:DB8:AA:BB::ffff")).toBe("2001:db8:aa:bb::/64");
    expect(normaliseAddress("0:0:0:0:0:0:0:1")).toBe("::1");
  });

  it("refuses what is not an IP address", () => {
    for (const text of ["", "localhost", "999.1.1.1", "1.2.3", "::g", "1.2.3.4:99999x", "unknown"]) expect(normaliseAddress(text)).toBeNull();
  });
});
