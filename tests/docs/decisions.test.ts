/**
 * The decision records keep their shape and their index: every docs/decisions/NNNN-*.md has the
 * template's title, Date and Status lines and its sections, numbers run without gaps, and
 * docs/decisions/README.md lists each one, with its title, exactly once.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const DIR = path.resolve(import.meta.dirname, "../../docs/decisions");
const records = fs
  .readdirSync(DIR)
  .filter((name) => /^\d{4}-.+\.md$/.test(name))
  .sort()
  .map((name) => ({ name, number: Number(name.slice(0, 4)), text: fs.readFileSync(path.join(DIR, name), "utf8") }));

describe("docs/decisions", () => {
  it("numbers the records 1, 2, 3… without gaps or repeats", () => {
    expect(records.map((r) => r.number)).toEqual(records.map((_, i) => i + 1));
  });

  it.each(records.map((r) => [r.name, r] as const))("%s follows the template", (_, record) => {
    const lines = record.text.split("\n");
    expect(lines[0]).toMatch(new RegExp(`^# ${record.number}\\. \\S`));
    expect(record.text).toMatch(/^- Date: \d{4}-\d\d-\d\d$/m);
    expect(record.text).toMatch(/^- Status: (Proposed|Accepted|Superseded by ADR \d+|Amended by ADR \d+)/m);
    for (const section of ["## Context", "## Decision", "## Consequences"]) expect(record.text).toContain(section);
  });

  it("lists every record in the index, once, under its own title", () => {
    const index = fs.readFileSync(path.join(DIR, "README.md"), "utf8");
    for (const record of records) {
      const title = record.text.split("\n")[0].replace(/^# \d+\. /, "");
      const links = index.split(`](${record.name})`).length - 1;
      expect(links, `${record.name} linked once`).toBe(1);
      expect(index, `${record.name}'s title`).toContain(title);
    }
  });
});
