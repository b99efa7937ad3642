/**
 * The SMTP connection e-mail notifications go through (nodemailer), with bounded timeouts so that a
 * server that hangs costs a sender at most a few seconds — never a request, which never sends mail.
 */
import nodemailer from "nodemailer";

export interface MailMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
  /** The same for every attempt of one notification, so that a receiver can tell a repeat. */
  messageId: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export interface MailerOptions {
  /** Milliseconds to connect, to be greeted, and of silence on the socket (default 10 s, 10 s, 20 s). */
  connectionTimeout?: number;
  greetingTimeout?: number;
  socketTimeout?: number;
}

/** Host, port, TLS and credentials of an `smtp://user:pass@host:port` or `smtps://…` URL. */
export function smtpOptions(url: string): { host: string; port: number; secure: boolean; auth?: { user: string; pass: string } } {
  const u = new URL(url);
  if (u.protocol !== "smtp:" && u.protocol !== "smtps:") throw new Error("SMTP_URL must start with smtp:// or smtps://");
  const secure = u.protocol === "smtps:";
  return {
    host: u.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
  };
}

/** A mailer on `smtp://…` or `smtps://…` (user and password in the URL when the server needs them). */
export function smtpMailer(url: string, { connectionTimeout = 10_000, greetingTimeout = 10_000, socketTimeout = 20_000 }: MailerOptions = {}): Mailer {
  const transport = nodemailer.createTransport({ ...smtpOptions(url), connectionTimeout, greetingTimeout, socketTimeout });
  return {
    async send({ from, to, subject, text, messageId }) {
      await transport.sendMail({ from, to, subject, text, messageId, headers: { "Auto-Submitted": "auto-generated" } });
    },
    close: () => transport.close(),
  };
}
