import { beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '@/db/client';
import { receiveNotification } from '@/lib/notify/receive';
import { signBody } from '@/lib/signing';
import type { PushKind } from '@/db/schema';
import { deviceMessage, refillMessage, statusMessage, tradeMessage } from '@/e2e/support/messages';
import { shelfStockBasis } from './stock';

let db: Db;
let nonce = 0;

function push(kind: PushKind, payload: Record<string, unknown>) {
  const body = signBody(
    { clientId: 'unit-client', nonce_str: `s${++nonce}`, ...payload },
    'unit-key',
    'ampersand',
  );
  receiveNotification(db, kind, body, 1_760_100_000);
}

const REFILL = 1_760_000_000;
const sale = (id: string, at: number, overrides: Record<string, unknown> = {}) =>
  push(
    'trade',
    tradeMessage(id, 'S1', { payTime: String(at), createTime: String(at - 30), ...overrides }),
  );

beforeEach(() => {
  db = openDb(':memory:');
  push('device', deviceMessage('S1'));
});

describe('shelfStockBasis', () => {
  it('takes the last refill’s stock and the delivered units after it', () => {
    push('refill', refillMessage('S1', REFILL - 86_400, { shelfPaySales: [] }));
    push('refill', refillMessage('S1', REFILL)); // shelf 2: stock 12
    sale('before', REFILL - 10);
    sale('same-second', REFILL);
    sale('after-1', REFILL + 60);
    sale('after-2', REFILL + 120, { count: '2' });
    sale('failed', REFILL + 180, { deliverStatus: '3' });
    sale('other-shelf', REFILL + 240, { locationId: '1' });
    const rows = shelfStockBasis(db, { assetId: 'S1' });
    expect(rows).toEqual([
      {
        cid: 'S1',
        locationId: '1',
        soldOut: false,
        refillStock: null,
        refillTime: null,
        soldSinceRefill: 0,
      },
      {
        cid: 'S1',
        locationId: '2',
        soldOut: false,
        refillStock: 12,
        refillTime: REFILL,
        soldSinceRefill: 3,
      },
    ]);
  });

  it('uses the latest settlement that lists the shelf, and reports sold-out shelves', () => {
    push('refill', refillMessage('S1', REFILL));
    push('refill', refillMessage('S1', REFILL + 3600, { shelfPaySales: [] }));
    push(
      'status',
      statusMessage('S1', { shelvesState: [{ cid: 'S1', shelvesId: '2', state: 1 }] }),
    );
    const shelf2 = shelfStockBasis(db, { assetId: 'S1' }).find((r) => r.locationId === '2');
    expect(shelf2).toMatchObject({ soldOut: true, refillStock: 12, refillTime: REFILL });
  });

  it('matches settlement rows without cid by location', () => {
    const rows = refillMessage('S1', REFILL).shelfPaySales.map(({ cid: _c, ...s }) => ({
      ...s,
      locationId: '1',
      stock: 5,
    }));
    push('refill', refillMessage('S1', REFILL, { shelfPaySales: rows }));
    sale('a', REFILL + 5, { locationId: '1', cid: '' });
    const shelf1 = shelfStockBasis(db, { assetId: 'S1' }).find((r) => r.locationId === '1');
    expect(shelf1).toMatchObject({ refillStock: 5, soldSinceRefill: 1 });
  });
});
