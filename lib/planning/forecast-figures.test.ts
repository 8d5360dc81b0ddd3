import { beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db';
import type { Db } from '@/db/client';
import type { PushKind } from '@/db/schema';
import { seedRouteDayLine, type RouteDayLine } from '@/e2e/support/route-day';
import { refitDemand } from '@/lib/forecast/job';
import { machineForecasts } from '@/lib/forecast/shelves';
import { receiveNotification } from '@/lib/ingest/push/receive';
import { signBody } from '@/lib/platforms/signing';
import { sellOutFigures } from './forecast-figures';
import { machinePlans } from './plans';

/**
 * The refill priority's forecast figures come from one SQL pass with a bound (D95); here they
 * must count exactly the shelves lib/forecast/shelves.ts predicts empty before the horizon,
 * shelf by shelf, on a line with eight weeks of sales and a real fit.
 */
let db: Db;
let line: RouteDayLine;
let nonce = 0;
const NOW = Date.UTC(2026, 10, 4, 2) / 1000;
const H = 3600;
const D = 86_400;

beforeAll(async () => {
  db = openDb(':memory:');
  const send = async (kind: PushKind, payload: Record<string, unknown>) => {
    const body = signBody(
      { clientId: 'unit-client', nonce_str: `ff${++nonce}`, ...payload },
      'unit-key',
      'ampersand',
    );
    await receiveNotification(db, kind, body, NOW);
  };
  line = await seedRouteDayLine(send, 'U', NOW);
  await refitDemand(db, { now: NOW });
}, 60_000);

/** What shelves.ts says: shelves not reported sold out predicted empty before `until`. */
async function slowCounts(until: number) {
  const out = new Map<string, { shelves: number; first: number }>();
  for (const [assetId, m] of await machineForecasts(db, { fleet: true }, NOW)) {
    const at = m.shelves
      .filter((s) => !s.soldOut && s.demandPerDay !== null && s.predictedSoldOutAt !== null)
      .map((s) => s.predictedSoldOutAt!)
      .filter((t) => t < until);
    if (at.length) out.set(assetId, { shelves: at.length, first: Math.min(...at) });
  }
  return out;
}

describe('sellOutFigures', () => {
  it.each([6 * H, D, 2 * D, 6 * D])(
    'agrees with every shelf’s forecast (horizon %i s)',
    async (h) => {
      const fast = await sellOutFigures(db, { fleet: true }, NOW, NOW + h);
      const slow = await slowCounts(NOW + h);
      expect([...fast.keys()].sort()).toEqual([...slow.keys()].sort());
      for (const [assetId, f] of fast)
        expect([assetId, f.sellOutShelves, f.sellOutAt]).toEqual([
          assetId,
          slow.get(assetId)!.shelves,
          slow.get(assetId)!.first,
        ]);
    },
  );

  it('finds A by tomorrow, A and D within two days, and B only within six', async () => {
    const ids = async (h: number) =>
      [...(await sellOutFigures(db, { fleet: true }, NOW, NOW + h)).keys()].sort();
    expect(await ids(D)).toEqual([line.a]);
    expect(await ids(2 * D)).toEqual([line.a, line.d].sort());
    expect(await ids(6 * D)).toEqual([line.a, line.b, line.d].sort());
  });

  it('gives the refill priority its reason, and the lines list none', async () => {
    const plans = await machinePlans(db, { fleet: true }, NOW);
    const a = plans.find((m) => m.assetId === line.a)!;
    expect(a.reasons.find((r) => r.kind === 'sellsOut')).toMatchObject({ shelves: 1 });
    const none = await machinePlans(db, { fleet: true }, NOW, { forecast: false });
    expect(none.some((m) => m.reasons.some((r) => r.kind === 'sellsOut'))).toBe(false);
  });
});
