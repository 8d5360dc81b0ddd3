import { z } from 'zod';
import type { ChannelKind } from '@/db/schema/alerts';

import { SMTP_SECURITY } from './kinds';

export { CHANNEL_KINDS, SMTP_SECURITY } from './kinds';

/**
 * Any http(s) URL: a self-hosted relay in front of a robot is common in companies whose
 * servers may not reach the internet, so the vendor's host is not required (D88). Other
 * schemes, and credentials in the URL (they would be shown in the summary), are refused.
 */
const httpUrl = z
  .string({ error: 'url is required for this kind of channel' })
  .trim()
  .max(2000, { error: 'url must be at most 2000 characters' })
  .refine(
    (v) => {
      try {
        const u = new URL(v);
        return u.protocol === 'https:' || u.protocol === 'http:';
      } catch {
        return false;
      }
    },
    { error: 'url must be an http:// or https:// address (a robot webhook or a relay)' },
  )
  .refine(
    (v) => {
      const u = new URL(v);
      return !u.username && !u.password;
    },
    { error: 'url must not carry a user or password' },
  );

const secret = z
  .string()
  .trim()
  .min(1, { error: 'secret must not be empty' })
  .max(500, { error: 'secret must be at most 500 characters' });

const email = z.email({ error: 'expected an e-mail address' }).max(254);

const smtp = z
  .strictObject({
    host: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9.-]{1,253}$|^\[?[0-9a-fA-F:.]+\]?$/, {
        error: 'smtp.host must be a host name or an IP address',
      }),
    port: z
      .number({ error: 'smtp.port must be a number' })
      .int()
      .min(1, { error: 'smtp.port must be 1…65535' })
      .max(65535, { error: 'smtp.port must be 1…65535' }),
    secure: z.enum(SMTP_SECURITY, { error: 'smtp.secure must be tls, starttls or none' }),
    user: z.string().trim().min(1).max(254).optional(),
    password: z.string().min(1).max(500).optional(),
    from: email,
    to: z
      .array(email, { error: 'smtp.to must be a list of e-mail addresses' })
      .min(1, { error: 'smtp.to needs at least one recipient' })
      .max(50, { error: 'smtp.to may list at most 50 recipients' }),
  })
  .refine((s) => Boolean(s.user) === Boolean(s.password), {
    error: 'give both user and password, or neither',
    path: ['password'],
  });
export type SmtpConfig = z.infer<typeof smtp>;

const name = z
  .string({ error: 'name is required' })
  .trim()
  .min(1, { error: 'name must not be empty' })
  .max(100, { error: 'name must be at most 100 characters' });

const strict = { error: unknownField };
function unknownField(issue: { code: string; keys?: string[] }) {
  return issue.code === 'unrecognized_keys'
    ? `${issue.keys!.map((k) => JSON.stringify(k)).join(', ')} is not used by this kind of channel`
    : undefined;
}

/** `POST /api/v1/notification-channels`: each kind with the fields it needs, and no others. */
export const channelBody = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('webhook'), name, url: httpUrl, secret }, strict),
    // WeCom's group robot does not sign: its key is in the URL.
    z.strictObject({ kind: z.literal('wecom'), name, url: httpUrl }, strict),
    z.strictObject(
      { kind: z.literal('dingtalk'), name, url: httpUrl, secret: secret.optional() },
      strict,
    ),
    z.strictObject(
      { kind: z.literal('feishu'), name, url: httpUrl, secret: secret.optional() },
      strict,
    ),
    z.strictObject({ kind: z.literal('email'), name, smtp }, strict),
  ],
  { error: 'kind must be one of webhook, wecom, dingtalk, feishu, email' },
);
export type ChannelBody = z.infer<typeof channelBody>;

/** What is sealed in `notification_channels.config`. */
export type ChannelConfig = { url?: string; secret?: string; smtp?: SmtpConfig };

export function configOf(body: ChannelBody): ChannelConfig {
  if (body.kind === 'email') return { smtp: body.smtp };
  return { url: body.url, ...('secret' in body && body.secret ? { secret: body.secret } : {}) };
}

/** What may be shown of a channel: where it goes, never a token or password. */
export interface ChannelSummary {
  host?: string;
  /** The last characters of the URL's token, e.g. `…8d30`. */
  key?: string;
  signed?: boolean;
  smtp?: { host: string; port: number; secure: (typeof SMTP_SECURITY)[number]; auth: boolean };
  from?: string;
  to?: string[];
}

const masked = (token: string) => (token.length > 8 ? `…${token.slice(-4)}` : '…');

/** The URL's token: WeCom's `key`, DingTalk's `access_token`, Feishu's last path segment. */
function tokenOf(kind: ChannelKind, u: URL): string | null {
  if (kind === 'wecom') return u.searchParams.get('key');
  if (kind === 'dingtalk') return u.searchParams.get('access_token');
  if (kind === 'feishu') return u.pathname.split('/').filter(Boolean).pop() ?? null;
  return null;
}

export function summaryOf(kind: ChannelKind, c: ChannelConfig): ChannelSummary {
  if (c.smtp)
    return {
      smtp: {
        host: c.smtp.host,
        port: c.smtp.port,
        secure: c.smtp.secure,
        auth: Boolean(c.smtp.user),
      },
      from: c.smtp.from,
      to: c.smtp.to,
    };
  const u = new URL(c.url!);
  const token = tokenOf(kind, u);
  return {
    host: u.host,
    ...(token && { key: masked(token) }),
    ...(kind !== 'wecom' && { signed: Boolean(c.secret) }),
  };
}
