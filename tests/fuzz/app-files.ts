/**
 * The app's route handlers and server actions, found on disk — every src/app/**\/route.ts and
 * src/app/**\/actions.ts — so that a new route or action is fuzzed without anyone listing it.
 * Folder names follow Next's rules: `(group)` is not part of the URL, `[x]` is a parameter,
 * `[...x]` a catch-all (and `[[...x]]` an optional one), anything else a literal segment.
 */
import fs from "node:fs";
import path from "node:path";

export const APP_DIR = path.resolve(import.meta.dirname, "../../src/app");

export type Segment = { kind: "static"; text: string } | { kind: "param"; name: string } | { kind: "catchAll"; name: string; optional: boolean };

export interface RouteFile {
  file: string;
  /** The URL pattern, e.g. /graph/v1.0/users/[id]/licenseDetails. */
  pattern: string;
  segments: Segment[];
}

function filesNamed(dir: string, name: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return filesNamed(full, name);
      return entry.name === name ? [full] : [];
    })
    .sort();
}

function segmentsOf(file: string): Segment[] {
  return path
    .relative(APP_DIR, path.dirname(file))
    .split(path.sep)
    .filter((folder) => folder !== "" && !/^\(.*\)$/.test(folder))
    .map((folder): Segment => {
      const optional = /^\[\[\.\.\.(\w+)\]\]$/.exec(folder);
      if (optional) return { kind: "catchAll", name: optional[1], optional: true };
      const catchAll = /^\[\.\.\.(\w+)\]$/.exec(folder);
      if (catchAll) return { kind: "catchAll", name: catchAll[1], optional: false };
      const param = /^\[(\w+)\]$/.exec(folder);
      return param ? { kind: "param", name: param[1] } : { kind: "static", text: folder };
    });
}

export function routeFiles(): RouteFile[] {
  return filesNamed(APP_DIR, "route.ts").map((file) => {
    const segments = segmentsOf(file);
    const pattern = "/" + segments.map((s) => (s.kind === "static" ? s.text : s.kind === "param" ? `[${s.name}]` : `[...${s.name}]`)).join("/");
    return { file, pattern, segments };
  });
}

export function actionFiles(): { file: string; name: string }[] {
  return filesNamed(APP_DIR, "actions.ts").map((file) => ({ file, name: path.relative(APP_DIR, file) }));
}

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
