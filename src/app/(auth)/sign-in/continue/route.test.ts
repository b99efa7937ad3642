/**
 * GET /sign-in/continue, where every sign-in ends: it redirects to the callback URL only when that
 * is a path on this site, and the Location a browser follows stays on the site.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Role } from "@/lib/roles";

const session = vi.hoisted(() => ({ user: null as { role: Role } | null }));
vi.mock("@/server/auth/guards", () => ({ getCurrentUser: async () => session.user }));

const { GET } = await import("./route");

const SITE = "https://portal.example";

async function follow(callbackUrl: string): Promise<{ status: number; location: string; resolved: URL }> {
  const response = await GET(new Request(`${SITE}/sign-in/continue?${new URLSearchParams({ callbackUrl })}`));
  const location = response.headers.get("location") ?? "";
  return { status: response.status, location, resolved: new URL(location, `${SITE}/sign-in/continue`) };
}

const ATTACKS = [
  "/..//evil.example",
  "//evil.example",
  "/\\evil.example",
  "/\t/evil.example",
  "/%2F%2Fevil.example",
  "/%5C%5Cevil.example",
  "https://evil.example/",
];

describe("GET /sign-in/continue", () => {
  beforeEach(() => {
    session.user = { role: "GLOBAL_ADMIN" };
  });

  it("sends a signed-in person to a callback path on this site", async () => {
    const { status, location } = await follow("/users?q=ada");
    expect(status).toBe(303);
    expect(location).toBe("/users?q=ada");
  });

  it.each(ATTACKS)("never redirects to another origin (%j): Home instead", async (callbackUrl) => {
    const { location, resolved } = await follow(callbackUrl);
    expect(resolved.origin).toBe(SITE);
    expect(location).toBe("/");
  });

  it("sends a user to the launch page when the callback URL is refused", async () => {
    session.user = { role: "USER" };
    expect((await follow("/..//evil.example")).location).toBe("/launch");
  });

  it("does not pass a refused callback URL on to the sign-in page when the session has ended", async () => {
    session.user = null;
    for (const callbackUrl of ATTACKS) {
      const { location, resolved } = await follow(callbackUrl);
      expect(resolved.origin).toBe(SITE);
      expect(resolved.pathname).toBe("/sign-in");
      expect(resolved.searchParams.get("callbackUrl"), callbackUrl).toBeNull();
      expect(location).toBe("/sign-in?error=SessionEnded");
    }
    expect((await follow("/users")).location).toBe("/sign-in?error=SessionEnded&callbackUrl=%2Fusers");
  });
});
