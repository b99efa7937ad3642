/**
 * A TCP proxy on 127.0.0.1 that a test puts between the app and PostgreSQL, to take the database
 * away and give it back:
 * - `cut()`: every open connection is dropped at once (both sides destroyed, so a transaction in
 *   flight loses its connection mid-way), and new connections are accepted but never answered —
 *   the database is silent, as behind a lost network path, so only the app's own timeouts end them;
 * - `restore()`: the silent connections are dropped and new ones are passed through again.
 */
import net from "node:net";

export interface TcpProxy {
  port: number;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let open = true;
  const live = new Set<net.Socket>();
  const silent = new Set<net.Socket>();

  const server = net.createServer((client) => {
    client.on("error", () => {});
    if (!open) {
      silent.add(client);
      client.on("close", () => silent.delete(client));
      return;
    }
    const upstream = net.connect(target.port, target.host);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    for (const s of [client, upstream]) {
      live.add(s);
      s.on("close", () => live.delete(s));
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    cut() {
      open = false;
      for (const s of live) s.destroy();
    },
    restore() {
      open = true;
      for (const s of silent) s.destroy();
    },
    async close() {
      open = false;
      for (const s of [...live, ...silent]) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
