/**
 * Real SMTP servers on 127.0.0.1 for the e-mail tests: one that accepts and keeps what it got
 * (smtp-server, messages parsed with mailparser), one that refuses every recipient with a
 * temporary error, and one that accepts the TCP connection and never says a word.
 */
import net from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  messageId: string;
}

export interface TestSmtp {
  url: string;
  received: ReceivedMail[];
  /** Connections made so far. */
  connections: number;
  /** Resolves at the next connection (for the silent server: the sender is now stuck waiting). */
  nextConnection(): Promise<void>;
  /** Drops every open connection. */
  dropAll(): void;
  close(): Promise<void>;
}

export async function startSmtp(mode: "accept" | "refuse"): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];
  const state = { connections: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onConnect(_session, callback) {
      state.connections++;
      waiters.splice(0).forEach((w) => w());
      callback();
    },
    onRcptTo(_address, _session, callback) {
      if (mode === "refuse") {
        const error = new Error("Mailbox busy, try again later") as Error & { responseCode: number };
        error.responseCode = 451;
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            messageId: mail.messageId ?? "",
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as net.AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    get connections() {
      return state.connections;
    },
    nextConnection: () => new Promise<void>((resolve) => waiters.push(resolve)),
    dropAll: () => {
      for (const socket of (server as unknown as { connections: Set<{ close(): void }> }).connections ?? []) socket.close();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A server that takes the connection and then says nothing (no greeting): a hung mail server. */
export async function startSilentSmtp(): Promise<TestSmtp> {
  const sockets = new Set<net.Socket>();
  const waiters: (() => void)[] = [];
  const state = { connections: 0 };
  const server = net.createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    waiters.splice(0).forEach((w) => w());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: [],
    get connections() {
      return state.connections;
    },
    nextConnection: () => new Promise<void>((resolve) => waiters.push(resolve)),
    dropAll: () => sockets.forEach((s) => s.destroy()),
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}
