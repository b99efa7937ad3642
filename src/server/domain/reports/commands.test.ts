/**
 * The exported PowerShell (SPEC §10.1, issue "scripts that run on a real tenant"): people addressed
 * by Entra object id or UPN, each person's steps in a try/catch that records the failure and goes
 * on, a summary with exit code 1 on failure, and only the Graph permissions each script needs.
 */
import { describe, expect, it } from "vitest";
import { graphScopes, renderCommandsScript, type CommandsPlan } from "./commands";

const NOW = new Date("2026-12-03T09:30:00Z");
const SKU = "dcb1a3ae-b33f-4487-846a-a640262fadf4";

function plan(overrides: Partial<CommandsPlan> = {}): CommandsPlan {
  return {
    policyName: "Makers",
    group: null,
    people: [
      { objectId: "0b8f3c2e-7d41-4a9e-b1c6-5e2f9a7d3c10", upn: "ada@contoso.com", skuId: SKU, displayName: "Ada Lovelace", productName: "Power Apps Premium" },
      { objectId: null, upn: "o'brien@contoso.com", skuId: SKU, displayName: "Pat O'Brien", productName: "Power Apps Premium" },
    ],
    excluded: 0,
    generatedBy: "admin@contoso.com",
    now: NOW,
    ...overrides,
  };
}

/** The lines of a script, for checking what surrounds what. */
const linesOf = (script: string) => script.split("\r\n");

/** The block from a line that starts with `start` to its closing brace at the same indent. */
function block(script: string, start: string): string[] {
  const lines = linesOf(script);
  const from = lines.findIndex((l) => l.startsWith(start));
  expect(from, `a line starting ${start}`).toBeGreaterThanOrEqual(0);
  const indent = lines[from].length - lines[from].trimStart().length;
  const to = lines.findIndex((l, i) => i > from && l === `${" ".repeat(indent)}}`);
  return lines.slice(from, to + 1);
}

describe("the Graph permissions", () => {
  it("asks an unassign script for reading users and removing licences only, and a move also for group membership", () => {
    expect(graphScopes(false)).toEqual(["User.Read.All", "LicenseAssignment.ReadWrite.All"]);
    expect(graphScopes(true)).toEqual(["User.Read.All", "LicenseAssignment.ReadWrite.All", "GroupMember.ReadWrite.All"]);
    const unassign = renderCommandsScript(plan());
    expect(unassign).toContain("Connect-MgGraph -Scopes User.Read.All,LicenseAssignment.ReadWrite.All -NoWelcome");
    expect(unassign).not.toMatch(/GroupMember|User\.ReadWrite\.All|Directory\./);
    expect(unassign).not.toContain("added to the group twice");
    expect(unassign).not.toContain("Microsoft.Graph.Groups");
    const move = renderCommandsScript(plan({ group: { displayName: "Makers", externalId: "6f1d2a9c-3e85-47b0-9c2d-8a1e4f6b7d25" } }));
    expect(move).toContain("Connect-MgGraph -Scopes User.Read.All,LicenseAssignment.ReadWrite.All,GroupMember.ReadWrite.All -NoWelcome");
    expect(move).toContain("nobody is added to the group twice");
    expect(move).toContain("#Requires -Modules Microsoft.Graph.Authentication, Microsoft.Graph.Users, Microsoft.Graph.Users.Actions, Microsoft.Graph.Groups");
  });
});

describe("addressing people", () => {
  it("names a person by their Entra object id when known, else by UPN (quotes doubled), never resolving it up front", () => {
    const script = renderCommandsScript(plan());
    expect(script).toContain(
      `[pscustomobject]@{ Id = '0b8f3c2e-7d41-4a9e-b1c6-5e2f9a7d3c10'; Upn = 'ada@contoso.com'; SkuId = '${SKU}'; Outcome = $null; Failed = $null },`,
    );
    expect(script).toContain(`[pscustomobject]@{ Id = $null; Upn = 'o''brien@contoso.com'; SkuId = '${SKU}'; Outcome = $null; Failed = $null }  # Pat O'Brien`);
    // Unassign: Graph takes the UPN as -UserId, so nobody is looked up first.
    expect(script).toContain("$user = if ($p.Id) { $p.Id } else { $p.Upn }");
    expect(script).toContain("Get-MgUser -UserId $user -Property LicenseAssignmentStates");
    expect(script).toContain("Set-MgUserLicense -UserId $user -AddLicenses @() -RemoveLicenses @($p.SkuId)");
    expect(script).not.toContain("Get-MgUser -UserId $p.Upn");
  });

  it("in a move, looks up a UPN's object id inside the person's own step (membership needs the id), and finds a group without an Entra id by name", () => {
    const script = renderCommandsScript(plan({ group: { displayName: "Power Apps 'Makers'", externalId: null } }));
    const add = block(script, "foreach ($p in $People) {");
    expect(add).toContain("  try {");
    expect(add).toContain("    if (-not $p.Id) { $p.Id = (Get-MgUser -UserId $p.Upn -Property Id).Id }");
    expect(add.join("\n")).toContain("New-MgGroupMember -GroupId $GroupId -DirectoryObjectId $p.Id");
    expect(script).toContain("$GroupName = 'Power Apps ''Makers'''");
    expect(script).toContain(`throw "Expected one group named $GroupName, found $($Found.Count)"`);
  });
});

describe("errors, one person at a time", () => {
  it.each([
    ["unassign", plan()],
    ["move", plan({ group: { displayName: "Makers", externalId: "6f1d2a9c-3e85-47b0-9c2d-8a1e4f6b7d25" } })],
  ])("%s: every Graph call on a person is inside a try whose catch records the failure and goes on", (_, p) => {
    const script = renderCommandsScript(p);
    expect(script).toContain("$ErrorActionPreference = 'Stop'");
    expect(script).toContain('function Set-Failed($p, $err) { $p.Failed = "$($err.Exception.Message)"; Write-Warning "$($p.Upn): $($p.Failed)" }');
    const loops = linesOf(script).filter((l) => l.startsWith("foreach ($p in $People"));
    expect(loops.length).toBe(p.group ? 3 : 1);
    for (const loop of loops) {
      const body = block(script, loop);
      expect(body[1], loop).toBe("  try {");
      expect(body.at(-2), loop).toBe("  } catch { Set-Failed $p $_ }");
      // Nothing that can fail outside the try.
      expect(
        body.slice(2, -2).every((l) => l.startsWith("    ")),
        loop,
      ).toBe(true);
    }
    // Later steps skip people who already failed.
    if (p.group) expect(script).toContain("foreach ($p in $People | Where-Object { -not $_.Failed -and -not $_.Outcome }) {");
  });

  it("ends with a summary of outcomes and failures, and exit code 1 when anyone failed", () => {
    const lines = linesOf(renderCommandsScript(plan()));
    const summary = lines.slice(lines.findIndex((l) => l.startsWith("# Summary")));
    expect(summary).toEqual([
      "# Summary: what happened to each person; exit code 1 when anyone failed.",
      "$Failed = @($People | Where-Object { $_.Failed })",
      'Write-Host ""',
      'Write-Host ("Summary: {0} people, {1} failed." -f $People.Count, $Failed.Count)',
      '$People | Where-Object { -not $_.Failed } | Group-Object Outcome | ForEach-Object { Write-Host ("  {0}: {1}" -f $_.Name, $_.Count) }',
      'foreach ($p in $Failed) { Write-Host "  $($p.Upn) failed: $($p.Failed)" }',
      "if ($Failed.Count -gt 0) { exit 1 }",
      "",
    ]);
  });

  it("keeps the direct licence of someone whose group licence is not active yet, and says so in the summary's outcomes", () => {
    const script = renderCommandsScript(plan({ group: { displayName: "Makers", externalId: "6f1d2a9c-3e85-47b0-9c2d-8a1e4f6b7d25" } }));
    expect(script).toContain("$p.Outcome = 'kept the direct license: the group license is not active yet'");
    const remove = block(script, "foreach ($p in $People | Where-Object { -not $_.Failed -and -not $_.Outcome }) {");
    expect(remove.join("\n")).toContain("Set-MgUserLicense");
  });
});

describe("the text", () => {
  it("is the same for the same plan, uses CRLF, and keeps comments on one line without closing the header", () => {
    const evil = plan({ policyName: "Bad #> name\r\nWrite-Host pwned", generatedBy: "x#>y" });
    expect(renderCommandsScript(evil)).toBe(renderCommandsScript(evil));
    const script = renderCommandsScript(evil);
    expect(script.split("#>").length).toBe(2);
    expect(linesOf(script)).not.toContain("Write-Host pwned");
    expect(script).not.toMatch(/[^\r]\n/);
  });
});
