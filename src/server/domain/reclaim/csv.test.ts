import { describe, expect, it } from "vitest";
import { dryRunCsv, dryRunFileName } from "./csv";

const row = {
  assignmentId: "a",
  userId: "u",
  productId: "p",
  displayName: '=HYPERLINK("https://evil.example")',
  userPrincipalName: "adele@contoso.test",
  productName: "Power Apps Premium, per user",
  lastUsedAt: new Date("2026-11-01T08:00:00Z"),
  idleDays: 41,
  releaseOn: new Date("2026-12-12T08:00:00Z"),
};

describe("the dry run's CSV", () => {
  it("opens in Excel: BOM, CRLF, quoted commas, formulas neutralised", () => {
    const csv = dryRunCsv([row]);
    expect(csv.startsWith("\ufeffUser,User principal name,Product,Last used (UTC),Days unused,Would be released (UTC)\r\n")).toBe(true);
    expect(csv).toContain(
      `"'=HYPERLINK(""https://evil.example"")",adele@contoso.test,"Power Apps Premium, per user",2026-11-01 08:00:00,41,2026-12-12 08:00:00\r\n`,
    );
  });

  it("is named after the policy and the day", () => {
    expect(dryRunFileName("Power Apps — Contoso!", new Date("2026-12-02T10:00:00Z"))).toBe("reclaim-dry-run-power-apps-contoso-2026-12-02.csv");
  });
});
