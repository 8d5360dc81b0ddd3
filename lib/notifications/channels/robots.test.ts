import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageOf } from './message';
import { sendDingtalk, sendFeishu, sendWecom } from './robots';
import { sendWebhook } from './webhook';

/**
 * What counts as delivered and what is worth retrying (D88), against a local server answering
 * as the robots do: HTTP 200 with their own codes, or an HTTP error.
 */
let server: http.Server;
let base: string;

beforeAll(async () => {
  // `/<status>/<json answer>`: answers with that status and body.
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const [, status, answer] = /^\/(\d+)\/?([^?]*)/.exec(req.url ?? '') ?? [];
      res.writeHead(Number(status), { 'content-type': 'application/json' });
      res.end(decodeURIComponent(answer ?? ''));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const m = messageOf(
  { event: 'test', language: 'en' },
  { channelName: 'c', timeZone: 'UTC', now: 1_764_748_800 },
);
const at = (status: number, answer: object | string = '') =>
  `${base}/${status}/${encodeURIComponent(typeof answer === 'string' ? answer : JSON.stringify(answer))}`;

describe('robot answers', () => {
  it.each([
    ['WeCom ok', () => sendWecom(at(200, { errcode: 0, errmsg: 'ok' }), m), true, false],
    [
      'WeCom rate limit (45009)',
      () => sendWecom(at(200, { errcode: 45009, errmsg: 'api freq out of limit' }), m),
      false,
      true,
    ],
    [
      'WeCom bad key (93000)',
      () => sendWecom(at(200, { errcode: 93000, errmsg: 'invalid webhook url' }), m),
      false,
      false,
    ],
    [
      'DingTalk too fast (130101)',
      () => sendDingtalk(at(200, { errcode: 130101, errmsg: 'send too fast' }), 's', m, 0),
      false,
      true,
    ],
    [
      'DingTalk keyword or sign (310000)',
      () => sendDingtalk(at(200, { errcode: 310000, errmsg: 'sign not match' }), 's', m, 0),
      false,
      false,
    ],
    [
      'Feishu frequency limited (11232)',
      () => sendFeishu(at(200, { code: 11232, msg: 'frequency limited' }), 's', m, 0),
      false,
      true,
    ],
    [
      'Feishu old answer',
      () => sendFeishu(at(200, { StatusCode: 0, StatusMessage: 'success' }), undefined, m, 0),
      true,
      false,
    ],
    ['a 503', () => sendWecom(at(503, 'busy'), m), false, true],
    ['a 429', () => sendWecom(at(429, 'slow down'), m), false, true],
    ['a 404', () => sendWecom(at(404, 'no such robot'), m), false, false],
    ['a redirect, not followed', () => sendWecom(at(302), m), false, false],
    ['a relay answering plain text', () => sendWecom(at(200, 'queued'), m), true, false],
  ] as const)('%s', async (_what, send, ok, retryable) => {
    const r = await send();
    expect(r.ok).toBe(ok);
    expect(r.retryable).toBe(retryable);
  });

  it('a huge answer is cut to 1000 characters', async () => {
    const r = await sendWebhook(
      at(500, 'x'.repeat(5000)),
      's',
      { event: 'test', language: 'en' },
      'c',
      0,
    );
    expect(r).toMatchObject({ ok: false, status: 500, retryable: true });
    expect(r.answer.length).toBeLessThanOrEqual(1001);
  });
});
