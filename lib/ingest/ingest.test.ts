import { beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db';
import type { Db } from '@/db/client';
import { listTrades } from '@/db/queries/trades';
import { getRefill } from '@/db/queries/refills';
import { receiveNotification } from '@/lib/ingest/push/receive';
import { signBody } from '@/lib/platforms/signing';
import { machineDetail } from '@/lib/fleet/machines';
import { salesStatistic } from '@/lib/sales/stats';
import { deviceMessage, refillMessage, statusMessage, tradeMessage } from '@/e2e/support/messages';
import type { PushKind } from '@/db/schema';

let db: Db;
let nonce = 0;
let clock = 1_700_000_000;

async function push(kind: PushKind, payload: Record<string, unknown>) {
  const body = signBody(
    { clientId: 'unit-client', nonce_str: `n${++nonce}`, ...payload },
    'unit-key',
    'ampersand',
  );
  return await receiveNotification(db, kind, body, ++clock);
}

beforeEach(() => {
  db = openDb(':memory:');
});

describe('device projection', () => {
  it('reads the nested form and replaces the planogram on a re-push, keeping sold-out state', async () => {
    await push('device', deviceMessage('A1'));
    await push(
      'status',
      statusMessage('A1', {
        shelvesState: [{ cid: 'A1', shelvesId: '2', state: 1, soldoutTime: '1478254287' }],
      }),
    );
    const shelves = deviceMessage('A1').containers[0]!.shelves;
    await push(
      'device',
      deviceMessage('A1', {
        containers: [
          { cid: 'A1', type: 1, shelves: [shelves[1], { ...shelves[0], location_id: '3' }] },
        ],
      }),
    );
    const m = (await machineDetail(db, 'A1'))!;
    expect(
      m.containers.map((c) => c.shelves.map((s) => [s.locationId, s.goodsName, s.soldOut])),
    ).toEqual([
      [
        ['2', '统一冰绿茶', true],
        ['3', '三得利蜜香暖姜', false],
      ],
    ]);
    expect(m.latitude).toBeCloseTo(39.929985, 5);
  });

  it('reads the flattened form of §2.1’s example (shelves directly in containers, img lower-case)', async () => {
    await push('device', {
      assetId: '91000092',
      name: '测试机#092',
      siteName: '启明国际大厦',
      lineName: '京港地铁 14 号线',
      containers: [
        {
          location_id: '1',
          goods_id: 'g',
          goods_name: '三得利蜜香暖姜',
          price: '500',
          img: 'i',
          capacity: 20,
          valve: 3,
        },
      ],
    });
    const m = (await machineDetail(db, '91000092'))!;
    expect(m.containers).toHaveLength(1);
    expect(m.containers[0]!.cid).toBe('91000092');
    expect(m.containers[0]!.shelves[0]).toMatchObject({
      locationId: '1',
      price: 500,
      capacity: 20,
      valve: 3,
      img: 'i',
    });
    expect(m.incomplete).toBe(false);
  });
});

describe('trade projection', () => {
  it('a paid trade then refunded is one row, and the statistic subtracts the refund', async () => {
    await push('trade', tradeMessage('T1', 'A1'));
    await push(
      'trade',
      tradeMessage('T1', 'A1', {
        refundStatus: '2',
        refundFee: '300',
        refundTime: '1450164000',
        deliverStatus: '3',
      }),
    );
    const { items } = await listTrades(db, { limit: 10 });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ refundStatus: 2, refundFee: 300, delivery: 'failed' });
    const [stat] = await salesStatistic(db, { startTime: 0, endTime: 2e9 });
    expect(stat).toMatchObject({
      assetId: 'A1',
      count: 1,
      amount: 0,
      refundAmount: 300,
      wechatAmount: 0,
    });
  });

  it('a late push with an earlier state does not undo a refund', async () => {
    await push('trade', tradeMessage('T2', 'A1', { refundStatus: '2', refundFee: '300' }));
    await push(
      'trade',
      tradeMessage('T2', 'A1', { refundStatus: '0', refundFee: '0', payStatus: '0' }),
    );
    expect((await listTrades(db, { limit: 10 })).items[0]).toMatchObject({
      refundStatus: 2,
      refundFee: 300,
      payStatus: 1,
    });
  });

  it('a trade for an unknown machine creates a placeholder flagged incomplete', async () => {
    await push('trade', tradeMessage('T3', 'NEW-1'));
    expect(await machineDetail(db, 'NEW-1')).toMatchObject({ incomplete: true, name: null });
  });

  it('counts by category: cash is offline, game prizes stand apart', async () => {
    await push('trade', tradeMessage('C1', 'A1', { payStyle: '4', price: '200' }));
    await push('trade', tradeMessage('G1', 'A1', { payStyle: '8', price: '500' }));
    await push('trade', tradeMessage('U1', 'A1', { payStyle: '21', price: '100' }));
    await push('trade', tradeMessage('F1', 'A1', { payStatus: '2' }));
    const [s] = await salesStatistic(db, { startTime: 0, endTime: 2e9 });
    expect(s).toMatchObject({
      count: 2,
      amount: 300,
      outlineCount: 1,
      outlineAmount: 200,
      onlineAmount: 100,
      cashAmount: 200,
      gameCount: 1,
      gameAmount: 500,
      otherAmount: 100,
      othereCount: 1,
    });
  });
});

describe('status projection', () => {
  it('changes only the fields present and records each transition', async () => {
    await push(
      'status',
      statusMessage('A1', { online: 0, doorState: 1, isSale: 1, vmcOnline: 1, coin5Count: 53 }),
    );
    await push('status', statusMessage('A1', { doorState: 0 }));
    const m = (await machineDetail(db, 'A1'))!;
    expect(m.status).toMatchObject({
      online: 0,
      doorState: 0,
      isSale: 1,
      vmcOnline: 1,
      coin5Count: 53,
    });
    expect(m).toMatchObject({ online: true, doorOpen: true, sellable: true, vmcOk: true });
    const doors = m.events.filter((e) => e.kind === 'door').map((e) => [e.fromValue, e.toValue]);
    expect(doors).toEqual([
      ['1', '0'],
      [null, '1'],
    ]);
  });

  it('raises and clears faults, appends temperatures, replaces versions and apps', async () => {
    const fault = { cid: 'A1', pcode: '硬币器故障', ccode: '5 角缺币' };
    await push(
      'status',
      statusMessage('A1', {
        vendingFault: [fault],
        temperState: [
          { cid: 'master', temperDetail: { leftRmTem: 21, cryTemUL: 10, engyOnT: '0:0' } },
        ],
      }),
    );
    await push(
      'status',
      statusMessage('A1', {
        temperState: [{ cid: 'master', temperDetail: { leftRmTem: 12 } }],
        versions: [{ name: 'master', type: '1', value: '339' }],
        apps: [{ name: 'InBoxCore', version: '1.68' }],
        fireware: 'IHv3.0.16',
      }),
    );
    let m = (await machineDetail(db, 'A1'))!;
    expect(m.status?.vendingFault).toEqual([fault]);
    expect(m.temperatures).toHaveLength(1);
    expect(m.temperatures[0]).toMatchObject({ cid: 'master', leftRmTem: 12 });
    expect(m.status).toMatchObject({
      fireware: 'IHv3.0.16',
      versions: [{ name: 'master', type: '1', value: '339' }],
      apps: [{ name: 'InBoxCore', version: '1.68' }],
    });
    await push('status', statusMessage('A1', { vendingFault: [] }));
    m = (await machineDetail(db, 'A1'))!;
    expect(m.status?.vendingFault).toEqual([]);
    expect(m.faults[0]).toMatchObject({ pcode: '硬币器故障', clearedAt: expect.any(Number) });
    expect(m.events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['fault_raised', 'fault_cleared']),
    );
  });
});

describe('refill projection', () => {
  it('upserts by (assetId, refillTime) with shelf and payment rows, never twice', async () => {
    await push('refill', refillMessage('A1', 1_700_000_000));
    await push('refill', refillMessage('A1', 1_700_000_000, { siteName: '新点位' }));
    const rows = db.$client.prepare('select id from refill_settlements').all() as { id: number }[];
    expect(rows).toHaveLength(1);
    const r = (await getRefill(db, rows[0]!.id))!;
    expect(r.settlement.siteName).toBe('新点位');
    expect(r.shelves).toHaveLength(1);
    expect(r.sales).toHaveLength(8);
  });
});
