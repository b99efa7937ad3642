import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/server/db/client";
import { createTenant, createUser } from "../../../tests/factories";
import { TEST_ENGINE, useTestDb } from "../../../tests/setup/db";
import { currentSessionVersion, endSessions, findSessionUser, type SessionClaims } from "./sessions";

const t = useTestDb();
let tenant: { id: string; domain: string };

beforeAll(async () => {
  tenant = await createTenant(t.prisma, { name: "Sessions", domain: `sessions-${Date.now().toString(36)}.example` });
});

let n = 0;
/** A new user and a session issued to them now. */
async function signedIn(role: "GLOBAL_ADMIN" | "REPORTS_READER" | "USER" = "GLOBAL_ADMIN"): Promise<{ id: string; session: SessionClaims }> {
  const user = await createUser(t.prisma, tenant, { userPrincipalName: `person-${++n}@${tenant.domain}`, displayName: `Person ${n}`, role });
  return { id: user.id, session: { userId: user.id, sessionVersion: await currentSessionVersion(t.prisma, user.id) } };
}

describe("a session", () => {
  it("opens the console while nothing has changed, and follows a new display name", async () => {
    const { id, session } = await signedIn();
    expect(await findSessionUser(t.prisma, session)).toMatchObject({ id, role: "GLOBAL_ADMIN" });
    await t.prisma.user.update({ where: { id }, data: { displayName: "Renamed", department: "Sales" } });
    expect(await findSessionUser(t.prisma, session)).toMatchObject({ id, displayName: "Renamed" });
  });

  it("ends when the user's role changes, whoever changes it", async () => {
    const { id, session } = await signedIn("GLOBAL_ADMIN");
    await t.prisma.user.update({ where: { id }, data: { role: "REPORTS_READER" } });
    expect(await findSessionUser(t.prisma, session)).toBeNull();
    // A role changed back does not bring the old session back.
    await t.prisma.user.update({ where: { id }, data: { role: "GLOBAL_ADMIN" } });
    expect(await findSessionUser(t.prisma, session)).toBeNull();
    // The same change in SQL (a script, another tool) ends sessions too.
    const fresh = { userId: id, sessionVersion: await currentSessionVersion(t.prisma, id) };
    await t.prisma.$executeRaw`UPDATE "User" SET "role" = 'USER' WHERE "id" = ${id}::uuid`;
    expect(await findSessionUser(t.prisma, fresh)).toBeNull();
  });

  it("ends when the user is disabled, and stays ended when they are enabled again", async () => {
    const { id, session } = await signedIn();
    await t.prisma.user.update({ where: { id }, data: { accountEnabled: false } });
    expect(await findSessionUser(t.prisma, session)).toBeNull();
    await t.prisma.user.update({ where: { id }, data: { accountEnabled: true } });
    expect(await findSessionUser(t.prisma, session)).toBeNull();
    expect(await findSessionUser(t.prisma, { userId: id, sessionVersion: await currentSessionVersion(t.prisma, id) })).toMatchObject({ id });
  });

  it("ends at sign-out — every session of the user — and a stale sign-out changes nothing", async () => {
    const { id, session } = await signedIn();
    const otherDevice = { ...session };
    expect(await endSessions(t.prisma, id, session.sessionVersion)).toBe(true);
    expect(await findSessionUser(t.prisma, session)).toBeNull();
    expect(await findSessionUser(t.prisma, otherDevice)).toBeNull();
    const next = { userId: id, sessionVersion: await currentSessionVersion(t.prisma, id) };
    expect(next.sessionVersion).toBe(session.sessionVersion! + 1);
    // Signing out again with the ended session does not end the new one.
    expect(await endSessions(t.prisma, id, session.sessionVersion)).toBe(false);
    expect(await findSessionUser(t.prisma, next)).toMatchObject({ id });
  });

  it("is refused without a version, for a deleted user, or when the version is ahead", async () => {
    const { id, session } = await signedIn();
    expect(await findSessionUser(t.prisma, { userId: id })).toBeNull();
    expect(await findSessionUser(t.prisma, { userId: id, sessionVersion: null })).toBeNull();
    expect(await findSessionUser(t.prisma, { userId: id, sessionVersion: session.sessionVersion! + 1 })).toBeNull();
    expect(await findSessionUser(t.prisma, null)).toBeNull();
    await t.prisma.user.delete({ where: { id } });
    expect(await findSessionUser(t.prisma, session)).toBeNull();
  });

  it("raises the version once for two sign-outs at once", async () => {
    const { id, session } = await signedIn();
    const results = await Promise.all([endSessions(t.prisma, id, session.sessionVersion), endSessions(t.prisma, id, session.sessionVersion)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await currentSessionVersion(t.prisma, id)).toBe(session.sessionVersion! + 1);
  });

  it.runIf(TEST_ENGINE === "postgres")("ended in one process is ended in another", async () => {
    const other = createDb(t.db.url!); // a second app process's Prisma client
    try {
      const { id, session } = await signedIn();
      expect(await findSessionUser(other.prisma, session)).toMatchObject({ id });
      await endSessions(t.prisma, id, session.sessionVersion);
      expect(await findSessionUser(other.prisma, session)).toBeNull();
      const s2 = { userId: id, sessionVersion: await currentSessionVersion(other.prisma, id) };
      await other.prisma.user.update({ where: { id }, data: { role: "USER" } });
      expect(await findSessionUser(t.prisma, s2)).toBeNull();
    } finally {
      await other.close();
    }
  });
});
