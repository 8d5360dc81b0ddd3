import { gunzipSync } from 'node:zlib';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceMessage } from '../support/messages';
import { push } from '../support/push';
import { startServer, type RunningServer } from '../support/server';

/**
 * server.ts compresses responses itself (Next.js's own compression is off): the API's JSON at
 * gzip's fastest level, pages at the default. A large list must arrive encoded once, decode
 * to the same list as the plain answer, and a client that does not take gzip gets plain JSON.
 */
let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
  for (let i = 0; i < 80; i++) {
    const id = `LJ-${String(i).padStart(3, '0')}`;
    expect((await push(server, 'device', deviceMessage(id))).status).toBe(200);
  }
});
afterAll(() => server?.stop());

/** A raw GET: the body's bytes as sent, without fetch's own decoding. */
function rawGet(path: string, acceptEncoding?: string) {
  return new Promise<{ status: number; encoding?: string; body: Buffer }>((resolve, reject) => {
    const req = httpRequest(
      `${server.url}${path}`,
      {
        headers: {
          cookie: server.admin!.cookie,
          ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            encoding: res.headers['content-encoding'],
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('compressed responses', () => {
  it('arrive gzipped once and decode to the whole list', async () => {
    const gz = await rawGet('/api/v1/machines?limit=5000', 'gzip');
    expect(gz.status).toBe(200);
    expect(gz.encoding).toBe('gzip');
    const list = JSON.parse(gunzipSync(gz.body).toString('utf8')) as {
      items: { assetId: string }[];
      total: number;
    };
    expect(list.items.filter((m) => m.assetId.startsWith('LJ-'))).toHaveLength(80);

    const plain = await rawGet('/api/v1/machines?limit=5000');
    expect(plain.encoding).toBeUndefined();
    expect(JSON.parse(plain.body.toString('utf8'))).toEqual(list);
  });

  it('compress pages too', async () => {
    const page = await rawGet('/machines', 'gzip');
    expect(page.status).toBe(200);
    expect(page.encoding).toBe('gzip');
    expect(gunzipSync(page.body).toString('utf8')).toContain('LJ-079');
  });

  it('still answer a bad parameter with its error', async () => {
    const r = await rawGet('/api/v1/machines?limit=abc', 'gzip');
    expect(r.status).toBe(400);
    const body = r.encoding === 'gzip' ? gunzipSync(r.body) : r.body;
    expect(JSON.parse(body.toString('utf8')).error.code).toBe('INVALID_QUERY');
  });
});
