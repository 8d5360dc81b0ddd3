import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, type Session } from '../support/auth';
import { ROBOT_KEYS, startRobotReceiver, type RobotReceiver } from '../support/channel-receivers';
import { startServer, type RunningServer } from '../support/server';
import {
  loopbackCertificate,
  startSmtpReceiver,
  type SmtpReceiver,
} from '../support/smtp-receiver';

/**
 * The channels API against the real server, each channel's test button against a local
 * receiver that checks the request the way its vendor documents it.
 */
let server: RunningServer;
let admin: Session;
let robots: RobotReceiver;
let smtp: SmtpReceiver;
type Envelope = { error: { code: string; message: string } };
type Channel = { id: number; kind: string; name: string; summary: Record<string, unknown> };
type Test = { ok: boolean; status: number | null; answer: string };

const SMTP_PASSWORD = 'smtp-password-never-shown';

beforeAll(async () => {
  const cert = loopbackCertificate();
  robots = await startRobotReceiver();
  smtp = await startSmtpReceiver({ tls: cert, user: 'mailer', password: SMTP_PASSWORD });
  // The app trusts the test's self-signed certificate the way an operator would a private CA.
  server = await startServer({ NODE_EXTRA_CA_CERTS: cert.certFile });
  admin = server.admin!;
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await robots?.close();
  await smtp?.close();
});

async function add(body: Record<string, unknown>) {
  const r = await sendJson<Channel>(admin, 'POST', '/api/v1/notification-channels', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}
const test = async (id: number, language?: string) =>
  sendJson<Test>(
    admin,
    'POST',
    `/api/v1/notification-channels/${id}/test`,
    language ? { language } : undefined,
  );
/** A loopback port nothing listens on. */
async function closedPort() {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}
const last = (vendor: string) => robots.received.filter((r) => r.vendor === vendor).at(-1)!;

const wecomUrl = (key: string) => `${robots.url}/cgi-bin/webhook/send?key=${key}`;
const dingtalkUrl = () => `${robots.url}/robot/send?access_token=${ROBOT_KEYS.dingtalkToken}`;
const feishuUrl = () => `${robots.url}/open-apis/bot/v2/hook/${ROBOT_KEYS.feishuHook}`;

describe('adding a channel', () => {
  it.each([
    ['an unknown kind', { kind: 'slack', name: 'x', url: 'https://x.test' }, 'kind must be one of'],
    ['a non-http URL', { kind: 'wecom', name: 'x', url: 'ftp://x.test/a' }, 'http:// or https://'],
    ['no URL', { kind: 'dingtalk', name: 'x' }, 'url is required'],
    ['a WeCom secret', { kind: 'wecom', name: 'x', url: 'https://x.test', secret: 's' }, 'secret'],
    [
      'a webhook without its secret',
      { kind: 'webhook', name: 'x', url: 'https://x.test' },
      'secret',
    ],
    [
      'a bad recipient',
      {
        kind: 'email',
        name: 'x',
        smtp: {
          host: 'mail.test',
          port: 587,
          secure: 'starttls',
          from: 'a@b.test',
          to: ['nobody'],
        },
      },
      'smtp.to.0: expected an e-mail address',
    ],
    [
      'a user without a password',
      {
        kind: 'email',
        name: 'x',
        smtp: {
          host: 'mail.test',
          port: 587,
          secure: 'starttls',
          user: 'u',
          from: 'a@b.test',
          to: ['c@d.test'],
        },
      },
      'give both user and password',
    ],
    [
      'an empty name',
      { kind: 'wecom', name: ' ', url: 'https://x.test' },
      'name must not be empty',
    ],
  ])('refuses %s with 422 saying what is wrong', async (_what, body, message) => {
    const r = await sendJson<Envelope>(admin, 'POST', '/api/v1/notification-channels', body);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('UNPROCESSABLE');
    expect(r.body.error.message).toContain(message);
  });
});

describe('each channel’s test button, against its receiver', () => {
  it('WeCom: the markdown card arrives, in the language asked for', async () => {
    const c = await add({ kind: 'wecom', name: '运维群', url: wecomUrl(ROBOT_KEYS.wecomKey) });
    expect(c.summary).toEqual({ host: new URL(robots.url).host, key: '…abcd' });
    const zh = await test(c.id);
    expect(zh.body).toEqual({ ok: true, status: 200, answer: '{"errcode":0,"errmsg":"ok"}' });
    expect((last('wecom').json.markdown as { content: string }).content).toContain(
      '## 测试消息：运维群',
    );
    const en = await test(c.id, 'en');
    expect(en.body.ok).toBe(true);
    expect((last('wecom').json.markdown as { content: string }).content).toContain(
      '## Test message: 运维群',
    );
  });

  it('WeCom: a wrong key is a failure though the robot answers HTTP 200', async () => {
    const c = await add({ kind: 'wecom', name: 'old robot', url: wecomUrl('revoked-key-0000') });
    const r = await test(c.id);
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(false);
    expect(r.body.status).toBe(200);
    expect(r.body.answer).toContain('93000');
  });

  it('DingTalk: signed as DingTalk documents, or refused by the robot', async () => {
    const good = await add({
      kind: 'dingtalk',
      name: 'DingTalk ops',
      url: dingtalkUrl(),
      secret: ROBOT_KEYS.dingtalkSecret,
    });
    expect(good.summary).toMatchObject({ signed: true, key: '…8e7d' });
    expect((await test(good.id, 'en')).body).toMatchObject({ ok: true, status: 200 });
    const md = last('dingtalk').json.markdown as { title: string; text: string };
    expect(md.title).toBe('Test message: DingTalk ops');
    expect(md.text).toContain('### Test message: DingTalk ops');

    const wrong = await add({
      kind: 'dingtalk',
      name: 'wrong secret',
      url: dingtalkUrl(),
      secret: 'SECnot-the-robots-secret',
    });
    const r = await test(wrong.id);
    expect(r.body.ok).toBe(false);
    expect(r.body.answer).toContain('310000');
  });

  it('Feishu: signed as Feishu documents, or refused by the bot', async () => {
    const good = await add({
      kind: 'feishu',
      name: '飞书值班',
      url: feishuUrl(),
      secret: ROBOT_KEYS.feishuSecret,
    });
    expect((await test(good.id)).body).toMatchObject({ ok: true, status: 200 });
    const card = last('feishu').json.card as { header: { title: { content: string } } };
    expect(card.header.title.content).toBe('测试消息：飞书值班');

    const unsigned = await add({ kind: 'feishu', name: 'no secret', url: feishuUrl() });
    const r = await test(unsigned.id);
    expect(r.body.ok).toBe(false);
    expect(r.body.answer).toContain('19021');
  });

  it('webhook: X-Signature verifies over the exact body, with X-Timestamp', async () => {
    const good = await add({
      kind: 'webhook',
      name: 'ticketing',
      url: `${robots.url}/hooks/alerts`,
      secret: ROBOT_KEYS.webhookSecret,
    });
    expect((await test(good.id)).body).toEqual({ ok: true, status: 204, answer: 'HTTP 204' });
    const got = last('webhook');
    expect(got.json).toEqual({ event: 'test', channel: 'ticketing' });
    expect(Math.abs(Number(got.headers['x-timestamp']) - Date.now() / 1000)).toBeLessThan(60);

    const wrong = await add({
      kind: 'webhook',
      name: 'wrong',
      url: `${robots.url}/hooks/alerts`,
      secret: 'another-secret',
    });
    expect((await test(wrong.id)).body).toMatchObject({ ok: false, status: 401 });
  });

  it('e-mail over STARTTLS with a password arrives with subject, HTML and text', async () => {
    const c = await add({
      kind: 'email',
      name: 'Ops mailbox',
      smtp: {
        host: '127.0.0.1',
        port: smtp.port,
        secure: 'starttls',
        user: 'mailer',
        password: SMTP_PASSWORD,
        from: 'fleet@example.com',
        to: ['ops@example.com'],
      },
    });
    expect(c.summary).toEqual({
      smtp: { host: '127.0.0.1', port: smtp.port, secure: 'starttls', auth: true },
      from: 'fleet@example.com',
      to: ['ops@example.com'],
    });
    const r = await test(c.id, 'en');
    expect(r.body).toMatchObject({ ok: true, status: 250 });
    const mail = smtp.mails.at(-1)!;
    expect(mail.secure).toBe(true);
    expect(mail.to).toEqual(['ops@example.com']);
    expect(mail.subject).toBe('Test message: Ops mailbox');
    expect(mail.parts.find((p) => p.contentType === 'text/html')!.body).toContain(
      '<h2 style="margin:0 0 12px">Test message: Ops mailbox</h2>',
    );
    expect(mail.parts.find((p) => p.contentType === 'text/plain')!.body).toContain(
      'can reach this channel (“Ops mailbox”)',
    );
  });

  it('a receiver that is down is a failure without a status, answered at once', async () => {
    const c = await add({
      kind: 'webhook',
      name: 'down',
      url: `http://127.0.0.1:${await closedPort()}/x`,
      secret: 's',
    });
    const r = await test(c.id);
    expect(r.body.ok).toBe(false);
    expect(r.body.status).toBeNull();
    expect(r.body.answer).toContain('ECONNREFUSED');
  });
});

describe('listing, deleting and the audit log', () => {
  it('GET shows every channel’s health and never a secret', async () => {
    const r = await sendJson<{
      items: (Channel & { lastOkAt: number | null; failures: number })[];
    }>(admin, 'GET', '/api/v1/notification-channels');
    expect(r.status).toBe(200);
    const text = JSON.stringify(r.body);
    for (const secret of [...Object.values(ROBOT_KEYS), SMTP_PASSWORD, 'revoked-key-0000'])
      expect(text).not.toContain(secret);
    expect(text).not.toContain('config');
    const wecom = r.body.items.find((c) => c.name === '运维群')!;
    expect(wecom.lastOkAt).not.toBeNull();
    // A test says whether the channel works; only deliveries count failures in a row.
    expect(r.body.items.every((c) => c.failures === 0)).toBe(true);
  });

  it('DELETE takes a channel out of the list; it can be neither tested nor deleted again', async () => {
    const c = await add({ kind: 'wecom', name: 'to delete', url: wecomUrl(ROBOT_KEYS.wecomKey) });
    const del = await sendJson<Channel>(admin, 'DELETE', `/api/v1/notification-channels/${c.id}`);
    expect(del.status).toBe(200);
    const list = await sendJson<{ items: Channel[] }>(
      admin,
      'GET',
      '/api/v1/notification-channels',
    );
    expect(list.body.items.map((i) => i.id)).not.toContain(c.id);
    expect((await test(c.id)).status).toBe(404);
    const again = await sendJson<Envelope>(
      admin,
      'DELETE',
      `/api/v1/notification-channels/${c.id}`,
    );
    expect(again.status).toBe(404);
    expect(again.body.error.message).toBe(`notification channel ${c.id} does not exist`);
    expect((await sendJson(admin, 'DELETE', '/api/v1/notification-channels/abc')).status).toBe(404);
  });

  it('every change is audited, and the audit log holds no secret', async () => {
    const r = await sendJson<{ items: { action: string; after: unknown; before: unknown }[] }>(
      admin,
      'GET',
      '/api/v1/audit?limit=200',
    );
    expect(r.status).toBe(200);
    const actions = r.body.items.map((i) => i.action);
    expect(actions).toContain('notification.channel_create');
    expect(actions).toContain('notification.channel_test');
    expect(actions).toContain('notification.channel_delete');
    const text = JSON.stringify(r.body);
    for (const secret of [...Object.values(ROBOT_KEYS), SMTP_PASSWORD, 'revoked-key-0000'])
      expect(text).not.toContain(secret);
  });
});

describe('without APP_SECRET', () => {
  it('refuses to add a channel, and says why', async () => {
    // Unset, not empty: the server starts, but has nothing to seal the channels' secrets with.
    const bare = await startServer({ APP_SECRET: undefined as unknown as string });
    try {
      const r = await sendJson<Envelope>(bare.admin!, 'POST', '/api/v1/notification-channels', {
        kind: 'wecom',
        name: 'ops',
        url: wecomUrl(ROBOT_KEYS.wecomKey),
      });
      expect(r.status).toBe(409);
      expect(r.body.error.message).toContain('APP_SECRET is not set');
      const list = await sendJson(bare.admin!, 'GET', '/api/v1/notification-channels');
      expect(list.body).toEqual({ items: [], encryptionReady: false });
    } finally {
      await bare.stop();
    }
  }, 120_000);
});
