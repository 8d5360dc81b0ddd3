import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature, type SignForm } from '@/lib/platforms/signing';
import { testSmartVending } from './connection-test';

// A stand-in for the platform's §9.1 endpoint that knows one signing form and answers in the
// envelope and FAIL spelling set per test, as the real platforms' differ (issue 17).
const KEY = 'platform-key';
let server: Server;
let baseUrl: string;
let accepts: SignForm = 'bare-lower';
let answer: (ok: boolean) => unknown = () => null;
const seen: { query: string; form: SignForm | null }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      const body = Buffer.concat(chunks).toString('utf8');
      const parsed = JSON.parse(body) as Record<string, unknown>;
      const query = Object.fromEntries(url.searchParams);
      const signed = verifySignature({ body, parsed, query, secret: KEY });
      seen.push({ query: url.search, form: signed?.form ?? null });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer(signed?.form === accepts)));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const run = (signMode: SignForm) =>
  testSmartVending({ baseUrl, clientId: 'c', key: KEY, signMode });

describe('the Smart Vending connection test', () => {
  it('signs limit and cursor with the body and stops at the first form accepted', async () => {
    accepts = 'bare-lower';
    answer = (ok) => (ok ? [{ name: 'line 1' }] : { result: 'FAIL', errorCode: 'SIGN_ERROR' });
    seen.length = 0;
    const r = await run('bare-lower');
    expect(r).toMatchObject({ ok: true, detail: 'SUCCESS (1 lines)' });
    expect(r.signing).toEqual({
      current: 'bare-lower',
      accepted: 'bare-lower',
      tried: [expect.objectContaining({ form: 'bare-lower', ok: true })],
    });
    expect(seen).toEqual([{ query: '?limit=1&cursor=0', form: 'bare-lower' }]);
  });

  it('tries the other forms when refused, reading FAIL in its spellings', async () => {
    accepts = 'amp-lower';
    answer = (ok) =>
      ok
        ? { result: 'SUCCESS', total: '3', list: [] }
        : { return_code: 'FAIL ', return_msg: '签名错误' };
    const r = await run('bare-lower');
    expect(r.ok).toBe(false);
    expect(r.detail).toBe('签名错误');
    expect(r.signing?.accepted).toBe('amp-lower');
    expect(r.signing?.tried.map((t) => [t.form, t.ok])).toEqual([
      ['bare-lower', false],
      ['bare-upper', false],
      ['amp-lower', true],
    ]);
  });

  it('says none was accepted, and tries nothing more when no answer comes', async () => {
    answer = () => ({ result: 'FAIL', errorCode: 'CLIENT_UNKNOWN' });
    const none = await run('amp-upper');
    expect(none.signing).toMatchObject({ accepted: null });
    expect(none.signing?.tried).toHaveLength(4);

    const closed = await testSmartVending({
      baseUrl: 'http://127.0.0.1:9',
      clientId: 'c',
      key: KEY,
      signMode: 'bare-lower',
    });
    expect(closed).toMatchObject({ ok: false, status: null });
    expect(closed.signing?.tried).toHaveLength(1);
  });
});
