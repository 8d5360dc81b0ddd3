import 'server-only';
import nodemailer from 'nodemailer';
import type { SendResult } from '../notice';
import { clip, SEND_TIMEOUT_MS } from './http';
import type { SmtpConfig } from './config';
import type { Message } from './message';
import { emailOf } from './render';

/**
 * `tls`: TLS from the first byte (port 465); `starttls`: plain then upgraded, and refused if the
 * server cannot upgrade (port 587); `none`: never encrypted, for a relay on the same host or
 * network only (D88).
 */
function transportOf(s: SmtpConfig) {
  return nodemailer.createTransport({
    host: s.host,
    port: s.port,
    secure: s.secure === 'tls',
    requireTLS: s.secure === 'starttls',
    ignoreTLS: s.secure === 'none',
    ...(s.user && s.password && { auth: { user: s.user, pass: s.password } }),
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
  });
}

/** Codes that say the connection, not the message, failed: worth another attempt. */
const NETWORK_ERRORS = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED']);

export async function sendEmail(s: SmtpConfig, m: Message): Promise<SendResult> {
  const mail = emailOf(m);
  const transport = transportOf(s);
  try {
    const info = await transport.sendMail({
      from: s.from,
      to: s.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      attachments: m.attachment
        ? [
            {
              filename: m.attachment.filename,
              content: m.attachment.content,
              contentType: m.attachment.contentType,
            },
          ]
        : [],
    });
    const code = Number(/^(\d{3})/.exec(info.response ?? '')?.[1]) || 250;
    return { ok: true, status: code, answer: clip(info.response ?? 'sent'), retryable: false };
  } catch (e) {
    const err = e as Error & { code?: string; responseCode?: number; response?: string };
    const status = err.responseCode ?? null;
    // SMTP's own rule: 4xx is "try again later", 5xx is final.
    const retryable =
      status === null ? NETWORK_ERRORS.has(err.code ?? '') || !err.code : status < 500;
    return {
      ok: false,
      status,
      answer: clip(`${err.code ? `${err.code}: ` : ''}${err.message}`),
      retryable,
    };
  } finally {
    transport.close();
  }
}
