/**
 * Export commands: the same tidy-up as Move to group… / Unassign license, as a Microsoft Graph
 * PowerShell script an admin runs against their real tenant. Real ids (users, SKU, group); every
 * step says what it does; safe to run again: a member already in the group is not added twice, and a
 * licence no longer assigned directly is not removed again. When moving to a group it waits until
 * the group licence is active for each person before removing the direct one (group-based licensing
 * is applied asynchronously in Microsoft Entra ID), so nobody is without the licence in between.
 *
 * Users and the group are named by their Entra object ids where the portal has them (`externalId`,
 * set by SCIM provisioning); a user without one is looked up by UPN, a group without one by its
 * display name, so the script runs against the real tenant either way (SPEC §10.1).
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { NotFoundError, ValidationError } from "../errors";
import { formatUtc } from "./csv";
import { readRows, getReportPolicy, type ReportRow } from "./service";
import type { ExportCommandsInput } from "./schema";

/** A PowerShell single-quoted string: quotes doubled, line breaks out. */
export function psString(value: string): string {
  return `'${value.replace(/[\r\n]+/g, " ").replace(/['‘’‚‛]/g, "''")}'`;
}

/** Text for a PowerShell comment: one line, no block-comment terminator. */
function psComment(value: string): string {
  return value.replace(/[\r\n]+/g, " ").replace(/#>/g, "# >");
}

export interface CommandsScript {
  fileName: string;
  script: string;
  users: number;
  skipped: number;
}

const MAX_ROWS = 100_000;

/** Builds the script for the selection (ids, or every row matching the filter) of a policy's report. */
export async function buildCommandsScript(
  db: PrismaClient,
  tenantId: string,
  input: ExportCommandsInput,
  meta: { generatedBy: string; now?: Date },
): Promise<CommandsScript> {
  const now = meta.now ?? new Date();
  const policy = await getReportPolicy(db, tenantId, input.policyId);
  if (!policy) throw new NotFoundError("That policy does not exist.", { code: "POLICY_NOT_FOUND", field: "policyId" });
  const group = input.groupId
    ? await db.group.findFirst({
        where: { id: input.groupId.toLowerCase(), tenantId },
        select: { id: true, displayName: true, externalId: true, licenses: { select: { productId: true } } },
      })
    : null;
  if (input.groupId && !group) throw new NotFoundError("That group does not exist in this organization.", { code: "GROUP_NOT_FOUND", field: "groupId" });

  let rows: ReportRow[];
  if (input.all) {
    rows = await readRows(
      db,
      { tenantId, policyId: policy.id, filter: { range: input.range, q: input.q } },
      { sort: "assignedAt", dir: "desc" },
      { limit: MAX_ROWS },
    );
  } else {
    if (input.ids.length === 0) throw new ValidationError("Select at least one user.", { field: "ids" });
    const ids = [...new Set(input.ids.map((id) => id.toLowerCase()))];
    rows = await readRows(
      db,
      { tenantId, policyId: policy.id, filter: { range: "all", q: "" }, ids },
      { sort: "assignedAt", dir: "desc" },
      { limit: MAX_ROWS },
    );
  }
  const carried = new Set(group?.licenses.map((l) => l.productId) ?? []);
  const included = group ? rows.filter((r) => carried.has(r.productId)) : rows;
  const excluded = rows.filter((r) => !included.includes(r));
  const objectIds = new Map(
    (await db.user.findMany({ where: { tenantId, id: { in: [...new Set(included.map((r) => r.userId))] } }, select: { id: true, externalId: true } })).map(
      (u) => [u.id, u.externalId],
    ),
  );
  const idOf = (userId: string) => objectIds.get(userId) ?? null;

  const lines: string[] = [];
  const add = (...more: string[]) => lines.push(...more);
  add(
    "<#",
    group
      ? "  Move people from auto-claimed licenses to group-based licensing (Microsoft Graph PowerShell)."
      : "  Unassign auto-claimed licenses (Microsoft Graph PowerShell).",
    `  Policy: ${psComment(policy.name)}`,
    ...(group ? [`  Group: ${psComment(group.displayName)}${group.externalId ? ` (${group.externalId})` : ""}`] : []),
    `  ${included.length} ${included.length === 1 ? "person" : "people"}; generated ${formatUtc(now)} UTC by ${psComment(meta.generatedBy)} from the Auto-claim portal.`,
    ...(excluded.length > 0 ? [`  Left out: ${excluded.length} whose product ${psComment(group?.displayName ?? "")} does not carry.`] : []),
    "",
    "  Needs the Microsoft Graph PowerShell SDK:  Install-Module Microsoft.Graph -Scope CurrentUser",
    "  Safe to run again: nobody is added to the group twice, and a license already removed is not removed again.",
    "#>",
    "#Requires -Modules Microsoft.Graph.Authentication, Microsoft.Graph.Users, Microsoft.Graph.Users.Actions" + (group ? ", Microsoft.Graph.Groups" : ""),
    "$ErrorActionPreference = 'Stop'",
    "",
    "Connect-MgGraph -Scopes User.ReadWrite.All,GroupMember.ReadWrite.All -NoWelcome",
    "",
  );
  if (group?.externalId) add(`$GroupId = ${psString(group.externalId)}  # ${psComment(group.displayName)}`, "");
  else if (group) {
    add(
      "# The group by its display name (the portal has no Entra object id for it).",
      `$GroupName = ${psString(group.displayName)}`,
      `$Found = @(Get-MgGroup -Filter ("displayName eq '{0}'" -f ($GroupName -replace "'", "''")) -Property Id)`,
      'if ($Found.Count -ne 1) { throw "Expected one group named $GroupName, found $($Found.Count)" }',
      "$GroupId = $Found[0].Id",
      "",
    );
  }
  add("# Each person: the user's Entra object id (empty: looked up by UPN below), UPN and the SKU id of the auto-claimed license.", "$People = @(");
  included.forEach((r, i) => {
    const id = idOf(r.userId);
    add(
      `  [pscustomobject]@{ Id = ${id ? psString(id) : "$null"}; Upn = ${psString(r.userPrincipalName)}; SkuId = ${psString(r.skuId)} }${i < included.length - 1 ? "," : ""}  # ${psComment(r.displayName)}, ${psComment(r.productName)}`,
    );
  });
  add(")", "");
  if (included.some((r) => !idOf(r.userId))) {
    add("foreach ($p in $People | Where-Object { -not $_.Id }) { $p.Id = (Get-MgUser -UserId $p.Upn -Property Id).Id }", "");
  }
  if (group) {
    add(
      "# 1. Add each person to the group (skipped when already a member).",
      "$Members = @(Get-MgGroupMember -GroupId $GroupId -All | ForEach-Object { $_.Id })",
      "foreach ($p in $People) {",
      '  if ($Members -contains $p.Id) { Write-Host "$($p.Upn): already a member" }',
      '  else { New-MgGroupMember -GroupId $GroupId -DirectoryObjectId $p.Id; Write-Host "$($p.Upn): added to the group" }',
      "}",
      "",
      "# 2. Wait until the group license is active for each person (group-based licensing is asynchronous),",
      "#    so that nobody is without the license between the two steps. Up to 10 minutes each.",
      "foreach ($p in $People) {",
      "  $deadline = (Get-Date).AddMinutes(10)",
      "  do {",
      "    $states = (Get-MgUser -UserId $p.Id -Property LicenseAssignmentStates).LicenseAssignmentStates",
      "    $active = $states | Where-Object { $_.SkuId -eq $p.SkuId -and $_.AssignedByGroup -eq $GroupId -and $_.State -eq 'Active' }",
      "    if (-not $active) { Start-Sleep -Seconds 15 }",
      "  } until ($active -or (Get-Date) -gt $deadline)",
      '  if (-not $active) { Write-Warning "$($p.Upn): the group license is not active yet; the direct license is kept" }',
      "  $p | Add-Member -NotePropertyName Ready -NotePropertyValue ([bool]$active) -Force",
      "}",
      "",
      "# 3. Remove the directly assigned (auto-claimed) license (skipped when there is none any more).",
      "foreach ($p in $People | Where-Object { $_.Ready }) {",
    );
  } else {
    add("# Remove the directly assigned (auto-claimed) license (skipped when there is none any more).", "foreach ($p in $People) {");
  }
  add(
    "  $states = (Get-MgUser -UserId $p.Id -Property LicenseAssignmentStates).LicenseAssignmentStates",
    "  $direct = $states | Where-Object { $_.SkuId -eq $p.SkuId -and -not $_.AssignedByGroup }",
    "  if ($direct) {",
    "    Set-MgUserLicense -UserId $p.Id -AddLicenses @() -RemoveLicenses @($p.SkuId) | Out-Null",
    '    Write-Host "$($p.Upn): direct license removed"',
    '  } else { Write-Host "$($p.Upn): no direct license; nothing to remove" }',
    "}",
    "",
  );
  const slug =
    policy.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 50) || "policy";
  return {
    fileName: `${group ? "move-to-group" : "unassign"}-${slug}-${now.toISOString().slice(0, 10)}.ps1`,
    script: lines.join("\r\n"),
    users: included.length,
    skipped: excluded.length,
  };
}
