/**
 * A real HTTP(S) server for the Graph route handlers, so that the official
 * @microsoft/microsoft-graph-client can be tested against them over the wire without `next build`.
 *
 * The router is made from the files themselves — every src/app/graph/**\/route.ts — with Next's
 * rules: a `[x]` folder is a parameter, `[...x]` a catch-all, any other folder (`v1.0`, `$ref`)
 * a literal segment compared undecoded; static beats dynamic beats catch-all; a route without the
 * method answers 405. (Checked against `next dev` 16.4: `/members/$ref` reaches the `$ref` folder,
 * `/members/%24ref` does not, and parameters arrive percent-decoded.)
 */
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";

const APP_DIR = path.resolve(__dirname, "../../src/app");
const GRAPH_DIR = path.join(APP_DIR, "graph");

type Handler = (request: Request, route: { params: Promise<Record<string, string | string[]> | undefined> }) => Promise<Response>;
type Segment = { kind: "static"; text: string } | { kind: "param"; name: string } | { kind: "catchAll"; name: string };
interface Route {
  file: string;
  segments: Segment[];
}

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

export function graphRoutes(): Route[] {
  return routeFiles(GRAPH_DIR).map((file) => ({
    file,
    segments: path
      .relative(APP_DIR, path.dirname(file))
      .split(path.sep)
      .filter((folder) => !/^\(.*\)$/.test(folder))
      .map((folder): Segment => {
        const catchAll = /^\[\.\.\.(\w+)\]$/.exec(folder);
        if (catchAll) return { kind: "catchAll", name: catchAll[1] };
        const param = /^\[(\w+)\]$/.exec(folder);
        return param ? { kind: "param", name: param[1] } : { kind: "static", text: folder };
      }),
  }));
}

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

function match(route: Route, parts: string[]): Record<string, string | string[]> | null {
  const params: Record<string, string | string[]> = {};
  for (const [i, segment] of route.segments.entries()) {
    if (segment.kind === "catchAll") {
      if (i >= parts.length) return null;
      params[segment.name] = parts.slice(i).map(decode);
      return params;
    }
    if (i >= parts.length) return null;
    if (segment.kind === "static" && segment.text !== parts[i]) return null;
    if (segment.kind === "param") params[segment.name] = decode(parts[i]);
  }
  return route.segments.length === parts.length ? params : null;
}

const rank = (route: Route) => route.segments.map((s) => (s.kind === "static" ? 0 : s.kind === "param" ? 1 : 2));
function moreSpecific(a: Route, b: Route): number {
  const [ra, rb] = [rank(a), rank(b)];
  for (let i = 0; i < Math.max(ra.length, rb.length); i++) if ((ra[i] ?? 3) !== (rb[i] ?? 3)) return (ra[i] ?? 3) - (rb[i] ?? 3);
  return 0;
}

/** Finds the route file and parameters for a path, as Next's app router would. */
export function resolveRoute(routes: Route[], pathname: string): { route: Route; params: Record<string, string | string[]> } | null {
  const parts = pathname.split("/").filter(Boolean);
  const found = routes
    .map((route) => ({ route, params: match(route, parts) }))
    .filter((m): m is { route: Route; params: Record<string, string | string[]> } => m.params !== null)
    .sort((a, b) => moreSpecific(a.route, b.route));
  return found[0] ?? null;
}

async function toWebRequest(req: http.IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  const method = req.method ?? "GET";
  return new Request(origin + (req.url ?? "/"), { method, headers, body: method === "GET" || method === "HEAD" ? undefined : Buffer.concat(chunks) });
}

let routes: Route[] | null = null;

/** Answers a web Request with the Graph route handler Next would pick (404/405 as Next would). */
export async function dispatch(request: Request): Promise<Response> {
  routes ??= graphRoutes();
  const found = resolveRoute(routes, new URL(request.url).pathname);
  if (!found) return new Response("Not found", { status: 404 });
  const mod = (await import(/* @vite-ignore */ found.route.file)) as Record<string, Handler | undefined>;
  const handler = mod[request.method];
  // As Next does: a static route's params promise resolves to undefined, not to {}.
  const params = Object.keys(found.params).length > 0 ? found.params : undefined;
  return handler ? handler(request, { params: Promise.resolve(params) }) : new Response(null, { status: 405 });
}

export interface GraphTestServer {
  /** e.g. http://127.0.0.1:40123 */
  origin: string;
  /** Requests seen, as "METHOD /path?query", for assertions about what the client sent. */
  log: string[];
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 and a free port; with `tls`, over HTTPS. */
export async function startGraphServer(options: { tls?: { key: string; cert: string } } = {}): Promise<GraphTestServer> {
  const log: string[] = [];
  let origin = "";
  const listener = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    try {
      log.push(`${req.method} ${req.url}`);
      const response = await dispatch(await toWebRequest(req, origin));
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => (headers[name] = value));
      res.writeHead(response.status, headers);
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(599, { "content-type": "text/plain" });
      res.end(`test server: ${String(error)}`);
    }
  };
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener) : http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `${options.tls ? "https" : "http"}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    log,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
