/**
 * A real HTTP webhook receiver on 127.0.0.1 for the webhook tests: it verifies each request's
 * Standard Webhooks signature with the `standardwebhooks` library (the same one the sender uses) and
 * keeps what it got. `respond` chooses each answer: a status, or "hang" (never answers: the sender's
 * timeout ends it).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface ReceivedEvent {
  webhookId: string;
  timestamp: string;
  /** True when the signature verified with the subscription's secret. */
  verified: boolean;
  contentType: string | undefined;
  body: { id: string; type: string; subject: string; specversion: string; source: string; time: string; data: Record<string, unknown> };
}

export interface TestReceiver {
  url: string;
  /** Requests answered 2xx and verified, in arrival order. */
  delivered: ReceivedEvent[];
  /** Every request, whatever it was answered. */
  requests: ReceivedEvent[];
  /** The secret signatures are checked with (set it once the subscription exists). */
  secret: string | null;
  respond: (event: ReceivedEvent) => number | "hang";
  close(): Promise<void>;
}

export async function startReceiver(): Promise<TestReceiver> {
  const hanging = new Set<http.ServerResponse>();
  const receiver: TestReceiver = {
    url: "",
    delivered: [],
    requests: [],
    secret: null,
    respond: () => 204,
    close: async () => {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const payload = Buffer.concat(chunks).toString("utf8");
      const headers = {
        "webhook-id": String(req.headers["webhook-id"] ?? ""),
        "webhook-timestamp": String(req.headers["webhook-timestamp"] ?? ""),
        "webhook-signature": String(req.headers["webhook-signature"] ?? ""),
      };
      let verified = false;
      try {
        if (receiver.secret) {
          new Webhook(receiver.secret).verify(payload, headers);
          verified = true;
        }
      } catch {
        verified = false;
      }
      const event: ReceivedEvent = {
        webhookId: headers["webhook-id"],
        timestamp: headers["webhook-timestamp"],
        verified,
        contentType: req.headers["content-type"],
        body: JSON.parse(payload),
      };
      receiver.requests.push(event);
      const answer = verified ? receiver.respond(event) : 401;
      if (answer === "hang") {
        hanging.add(res);
        return;
      }
      if (answer >= 200 && answer < 300) receiver.delivered.push(event);
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}
