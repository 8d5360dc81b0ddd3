import { describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db';
import { earliestSoldOut } from '@/lib/fleet/machines';
import { refitDemand } from '@/lib/forecast/job';
import { machineForecasts } from '@/lib/forecast/shelves';
import { receiveNotification } from '@/lib/ingest/push/receive';
import { signBody } from '@/lib/platforms/signing';
import { historyMessages, type HistoryOptions } from '@/e2e/support/history';
import { statusMessage } from '@/e2e/support/messages';

/** 2025-11-26 15:00 +08:00. */
const NOW = 1_764_140_400;

describe('the machine list’s earliest sold-out (D96)', () => {
  it('is what machineForecasts says, shelf by shelf, from one shelf per machine', async () => {
    const db = openDb(':memory:');
    let nonce = 0;
    const receive = async (
      kind: 'device' | 'trade' | 'status' | 'refill',
      payload: object,
      at: number,
    ) =>
      await receiveNotification(
        db,
        kind,
        signBody(
          { clientId: 'unit-client', nonce_str: `n${++nonce}`, ...payload },
          'unit-key',
          'ampersand',
        ),
        at,
      );
    const machine = async (o: Partial<HistoryOptions> & { assetId: string }) => {
      const h = historyMessages({
        now: NOW,
        days: 10,
        perShelfPerDay: 10,
        capacity: 80,
        refillDays: 5,
        ...o,
      });
      for (const m of h.messages) await receive(m.kind, m.payload, m.t);
    };
    // Different rates, stocks and hours: the one that empties first differs between them.
    await machine({ assetId: 'A', perShelfPerDay: 24, capacity: 150 });
    await machine({ assetId: 'B', perShelfPerDay: 6, capacity: 40 });
    await machine({ assetId: 'C', sellsAt: (t) => ((t + 8 * 3600) % 86_400) / 3600 >= 12 });
    await machine({ assetId: 'D', perShelfPerDay: 2, capacity: 100, refillDays: 30 });
    await machine({ assetId: 'E', perShelfPerDay: 12 });
    await refitDemand(db, { now: NOW, windowDays: 10 });
    // E's second shelf reports sold out: empty now. F came after the fit: nothing known.
    await receive(
      'status',
      statusMessage('E', { shelvesState: [{ cid: 'E', shelvesId: '2', state: 1 }] }),
      NOW - 60,
    );
    await machine({ assetId: 'F' });

    const now = NOW + 3600;
    const reference = await machineForecasts(db, { fleet: true }, now);
    const fast = await earliestSoldOut(db, { fleet: true }, now);
    const expected = Object.fromEntries([...reference].map(([id, m]) => [id, m.earliestSoldOutAt]));
    expect(
      Object.fromEntries([...reference.keys()].map((id) => [id, fast.get(id) ?? null])),
    ).toEqual(expected);
    expect(expected.E).toBe(now);
    expect(expected.F).toBeNull();
    expect(new Set(Object.values(expected).filter((v) => v !== null && v !== now)).size).toBe(4);
    expect(await earliestSoldOut(db, { assetIds: ['B', 'C'] }, now)).toEqual(
      new Map([
        ['B', expected.B],
        ['C', expected.C],
      ]),
    );
  });
});
