import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

/** An e-mail as the test reads it: headers, and each leaf part decoded. */
export interface Mail {
  from: string;
  to: string[];
  subject: string;
  parts: { contentType: string; filename: string | null; body: string }[];
  /** Whether the session was encrypted (STARTTLS or TLS). */
  secure: boolean;
}

export interface SmtpReceiver {
  port: number;
  mails: Mail[];
  close: () => Promise<void>;
}

/** A self-signed certificate for 127.0.0.1; the app trusts it through NODE_EXTRA_CA_CERTS. */
export function loopbackCertificate() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smtp-cert-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { keyFile: key, certFile: cert, key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
}

/** RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`) in a header. */
function decodeWords(v: string): string {
  return v
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _cs, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQp(text.replace(/_/g, ' ')),
    );
}

function decodeQp(s: string): string {
  const bytes: number[] = [];
  const src = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(src.slice(i + 1, i + 3))) {
      bytes.push(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(src[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function splitHead(raw: string) {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at === -1 ? raw : raw.slice(0, at);
  const body = at === -1 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
  }
  return { headers, body };
}

/** A minimal MIME reader, enough for what nodemailer writes. */
function leaves(raw: string): Mail['parts'] {
  const { headers, body } = splitHead(raw);
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary)
    return body
      .split(`--${boundary}`)
      .slice(1)
      .filter((p) => !p.startsWith('--'))
      .flatMap((p) => leaves(p.replace(/^\r?\n/, '')));
  const enc = (headers.get('content-transfer-encoding') ?? '').toLowerCase();
  const text =
    enc === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : enc === 'quoted-printable'
        ? decodeQp(body)
        : body;
  const disposition = headers.get('content-disposition') ?? '';
  return [
    { contentType: type.split(';')[0]!.trim(), filename: filenameOf(disposition), body: text },
  ];
}

/** A part's file name: plain, RFC 2047 encoded, or RFC 2231 (`filename*0*=utf-8''…`). */
function filenameOf(disposition: string): string | null {
  const pieces = [...disposition.matchAll(/filename\*(\d+)?\*?="?([^";]+)"?/gi)];
  if (pieces.length)
    return decodeURIComponent(
      pieces
        .map((p) => p[2]!)
        .join('')
        .replace(/^[\w-]+''/, ''),
    );
  const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  return plain ? decodeWords(plain) : null;
}

/**
 * An SMTP server in the test: `starttls` offers STARTTLS with the given certificate; `none`
 * offers no encryption at all (the app must refuse to send there when told to require TLS).
 */
export async function startSmtpReceiver(
  o: { tls?: { key: Buffer; cert: Buffer }; user?: string; password?: string } = {},
): Promise<SmtpReceiver> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    ...(o.tls ? { key: o.tls.key, cert: o.tls.cert } : { disabledCommands: ['STARTTLS'] }),
    authOptional: !o.user,
    allowInsecureAuth: true,
    onAuth(auth, _session, cb) {
      if (auth.username === o.user && auth.password === o.password)
        cb(null, { user: auth.username });
      else cb(new Error('535 5.7.8 authentication failed'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const { headers } = splitHead(raw);
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: decodeWords(headers.get('subject') ?? ''),
          parts: leaves(raw),
          secure: session.secure,
        });
        cb();
      });
    },
    logger: false,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
