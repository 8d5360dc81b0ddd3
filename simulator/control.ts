import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { SIGN_FORMS } from '@/lib/platforms/signing';
import type { SmartVendingTwin } from './twin';
import type { PullKnobs, PullRequestLog } from './pull-api';
import { enterPickupCode } from './pickup';

const knobSchema = z
  .object({
    drop: z.number().min(0).max(1),
    duplicate: z.number().min(0).max(1),
    reorder: z.boolean(),
    delayMs: z.number().int().min(0).max(60_000),
    corruptSignature: z.number().min(0).max(1),
    errorRate: z.number().min(0).max(1),
    slowMs: z.number().int().min(0).max(60_000),
    malformedRate: z.number().min(0).max(1),
    failRate: z.number().min(0).max(1),
    acceptSignForm: z.enum(['any', ...SIGN_FORMS]),
  })
  .partial()
  .strict();

/**
 * The twin's control API under /_sim/: what it pushed and how each delivery went, its knobs,
 * its clock, and its ledgers for comparison with the app.
 */
export function createControlApi(
  twin: SmartVendingTwin,
  pullKnobs: PullKnobs,
  pullLog: PullRequestLog[] = [],
) {
  return async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ): Promise<boolean> {
    if (!url.pathname.startsWith('/_sim/') || url.pathname.startsWith('/_sim/saas/')) return false;
    const route = `${req.method} ${url.pathname.slice('/_sim/'.length)}`;
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
      return true;
    };
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    switch (route) {
      case 'GET state':
        twin.tick();
        return json(200, {
          clock: twin.clock.state,
          machines: twin.fleet.machines.length,
          trades: twin.trades.size,
          refills: twin.refills.length,
          pendingDeliveries: twin.deliverer?.pending ?? 0,
        });
      case 'GET ledger': {
        const kind = url.searchParams.get('kind');
        const state = url.searchParams.get('state');
        const items = (twin.deliverer?.ledger ?? []).filter(
          (d) => (!kind || d.kind === kind) && (!state || d.state === state),
        );
        const limit = Number(url.searchParams.get('limit') ?? 1000);
        return json(200, { total: items.length, items: items.slice(-limit) });
      }
      case 'GET pulls':
        // The pull API's requests, latest last: method, path and the status answered.
        return json(200, { items: pullLog });
      case 'GET knobs':
        return json(200, { ...twin.deliverer?.knobs, ...pullKnobs });
      case 'POST knobs': {
        const parsed = knobSchema.safeParse(body);
        if (!parsed.success)
          return json(400, {
            error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          });
        const { errorRate, slowMs, malformedRate, failRate, acceptSignForm, ...push } = parsed.data;
        Object.assign(
          pullKnobs,
          Object.fromEntries(
            Object.entries({ errorRate, slowMs, malformedRate, failRate, acceptSignForm }).filter(
              ([, v]) => v !== undefined,
            ),
          ),
        );
        if (twin.deliverer) Object.assign(twin.deliverer.knobs, push);
        return json(200, { ...twin.deliverer?.knobs, ...pullKnobs });
      }
      case 'POST pause':
        twin.clock.pause();
        return json(200, twin.clock.state);
      case 'POST resume':
        twin.clock.resume();
        return json(200, twin.clock.state);
      case 'POST speed': {
        const speed = z.object({ speed: z.number().positive().max(1e6) }).safeParse(body);
        if (!speed.success) return json(400, { error: 'speed: a positive number' });
        twin.clock.setSpeed(speed.data.speed);
        return json(200, twin.clock.state);
      }
      case 'POST advance': {
        const p = z
          .object({
            seconds: z
              .number()
              .int()
              .positive()
              .max(400 * 86400),
          })
          .safeParse(body);
        if (!p.success) return json(400, { error: 'seconds: a positive integer' });
        twin.clock.advance(p.data.seconds);
        twin.tick();
        return json(200, twin.clock.state);
      }
      case 'GET trades':
        twin.tick();
        return json(200, { items: [...twin.trades.values()] });
      case 'GET refills': {
        const waiting = new Set(twin.unacknowledgedRefills());
        return json(200, {
          items: twin.refills.map((r) => ({ ...r.payload, acknowledged: !waiting.has(r) })),
        });
      }
      case 'GET machines':
        return json(200, {
          items: twin.fleet.machines.map((m) => ({
            assetId: m.assetId,
            name: m.name,
            lineName: m.lineName,
            siteName: m.site.name,
            status: twin.status.get(m.assetId),
          })),
        });
      case 'POST pickup': {
        const p = z
          .object({
            code: z.string().min(1),
            assetId: z.string().min(1),
            goodsNum: z.string().optional(),
          })
          .safeParse(body);
        if (!p.success) return json(400, { error: 'code and assetId are required' });
        if (!twin.options.appUrl)
          return json(409, { error: 'the twin has no app to ask (--app-url)' });
        return json(
          200,
          await enterPickupCode(
            twin,
            twin.options.appUrl,
            p.data.code,
            p.data.assetId,
            p.data.goodsNum,
          ),
        );
      }
      case 'GET pickup-codes':
        return json(200, {
          items: [...twin.pickupCodes].map(([code, v]) => ({ code, ...v })),
          entered: twin.pickupLog,
        });
      default:
        return json(404, { error: `no control route ${route}` });
    }
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return undefined;
  }
}
