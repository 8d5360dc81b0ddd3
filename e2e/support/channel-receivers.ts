import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local stand-ins for the chat robots and a generic webhook receiver (issue 19), on 127.0.0.1.
 * Each checks the request the way its vendor documents it, written here apart from the app's
 * code so a mistake in our signing is refused, and answers as the vendor does: HTTP 200 with
 * `{errcode, errmsg}` (WeCom, DingTalk) or `{code, msg}` (Feishu), an error code on failure.
 */
export interface Received {
  vendor: 'wecom' | 'dingtalk' | 'feishu' | 'webhook';
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: Record<string, unknown>;
}

export interface RobotReceiver {
  url: string;
  received: Received[];
  close: () => Promise<void>;
}

export const ROBOT_KEYS = {
  wecomKey: 'wecom-key-0000-1111-2222-abcd',
  dingtalkToken: 'dingtalk-access-token-9f8e7d',
  dingtalkSecret: 'SECdingtalk-secret-0123456789abcdef',
  feishuHook: 'feishu-hook-5a6b7c8d',
  feishuSecret: 'feishu-secret-qwerty',
  webhookSecret: 'webhook-secret-for-the-test',
};

const equal = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

type Answer = { status: number; body: unknown };

function wecom(u: URL, json: Record<string, unknown>): Answer {
  if (u.searchParams.get('key') !== ROBOT_KEYS.wecomKey)
    return { status: 200, body: { errcode: 93000, errmsg: 'invalid webhook url' } };
  const md = json.markdown as { content?: unknown } | undefined;
  if (json.msgtype !== 'markdown' || typeof md?.content !== 'string')
    return { status: 200, body: { errcode: 40008, errmsg: 'invalid message type' } };
  if (Buffer.byteLength(md.content) > 4096)
    return {
      status: 200,
      body: { errcode: 40058, errmsg: 'markdown.content exceed max length 4096' },
    };
  return { status: 200, body: { errcode: 0, errmsg: 'ok' } };
}

/** DingTalk 加签: sign = urlEncode(base64(HmacSHA256(key=secret, "timestamp\nsecret"))). */
function dingtalk(u: URL, json: Record<string, unknown>, now: number): Answer {
  if (u.searchParams.get('access_token') !== ROBOT_KEYS.dingtalkToken)
    return { status: 200, body: { errcode: 300001, errmsg: 'token is not exist' } };
  const timestamp = u.searchParams.get('timestamp') ?? '';
  const sign = u.searchParams.get('sign') ?? '';
  const expected = createHmac('sha256', ROBOT_KEYS.dingtalkSecret)
    .update(`${timestamp}\n${ROBOT_KEYS.dingtalkSecret}`)
    .digest('base64');
  if (!/^\d{13}$/.test(timestamp) || Math.abs(now - Number(timestamp)) > 3_600_000)
    return { status: 200, body: { errcode: 310000, errmsg: 'invalid timestamp' } };
  if (!equal(sign, expected))
    return { status: 200, body: { errcode: 310000, errmsg: 'sign not match' } };
  const md = json.markdown as { title?: unknown; text?: unknown } | undefined;
  if (json.msgtype !== 'markdown' || typeof md?.title !== 'string' || typeof md.text !== 'string')
    return { status: 200, body: { errcode: 40035, errmsg: 'missing markdown title or text' } };
  return { status: 200, body: { errcode: 0, errmsg: 'ok' } };
}

/** Feishu 签名校验: sign = base64(HmacSHA256(key="timestamp\nsecret", message="")), seconds. */
function feishu(u: URL, json: Record<string, unknown>, now: number): Answer {
  if (!u.pathname.endsWith(`/${ROBOT_KEYS.feishuHook}`))
    return {
      status: 200,
      body: { code: 19001, msg: 'param invalid: incoming webhook access token invalid', data: {} },
    };
  const timestamp = String(json.timestamp ?? '');
  const expected = createHmac('sha256', `${timestamp}\n${ROBOT_KEYS.feishuSecret}`)
    .update('')
    .digest('base64');
  const fresh = /^\d{10}$/.test(timestamp) && Math.abs(now / 1000 - Number(timestamp)) <= 3600;
  if (!fresh || !equal(String(json.sign ?? ''), expected))
    return {
      status: 200,
      body: {
        code: 19021,
        msg: 'sign match fail or timestamp is not within one hour from current time',
        data: {},
      },
    };
  const card = json.card as { header?: unknown; elements?: unknown } | undefined;
  if (json.msg_type !== 'interactive' || !card?.header || !Array.isArray(card.elements))
    return { status: 200, body: { code: 9499, msg: 'Bad Request', data: {} } };
  return { status: 200, body: { code: 0, msg: 'success', data: {} } };
}

/** The generic webhook: sha256=hex HMAC(secret, body), and of "timestamp.body". */
function webhook(headers: http.IncomingHttpHeaders, body: string): Answer {
  const secret = ROBOT_KEYS.webhookSecret;
  const ts = String(headers['x-timestamp'] ?? '');
  const bodySig = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  const tsSig = `sha256=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`;
  if (
    !equal(String(headers['x-signature'] ?? ''), bodySig) ||
    !equal(String(headers['x-timestamp-signature'] ?? ''), tsSig)
  )
    return { status: 401, body: { error: 'bad signature' } };
  return { status: 204, body: null };
}

export async function startRobotReceiver(): Promise<RobotReceiver> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        res.writeHead(400).end('not json');
        return;
      }
      const now = Date.now();
      const [vendor, answer]: [Received['vendor'], Answer] = u.pathname.startsWith(
        '/cgi-bin/webhook/send',
      )
        ? ['wecom', wecom(u, json)]
        : u.pathname.startsWith('/robot/send')
          ? ['dingtalk', dingtalk(u, json, now)]
          : u.pathname.startsWith('/open-apis/bot/v2/hook/')
            ? ['feishu', feishu(u, json, now)]
            : ['webhook', webhook(req.headers, body)];
      const ok =
        answer.status < 300 &&
        !(answer.body as { errcode?: number; code?: number } | null)?.errcode &&
        !(answer.body as { code?: number } | null)?.code;
      if (ok) received.push({ vendor, url: req.url ?? '', headers: req.headers, body, json });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body === null ? undefined : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
