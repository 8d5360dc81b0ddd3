import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authedFetch } from '../support/auth';
import { deviceMessage, statusMessage } from '../support/messages';
import { getJson, push } from '../support/push';
import { eventually, temperatureAlertsAtOnce } from '../support/alerts';
import { startServer, type RunningServer } from '../support/server';
import { vendorFreezerStatus, vendorTrade } from '../support/vendor-values';
import type { MachineTemperatures } from '@/lib/fleet/temperatures';

// Messages shaped as the vendor's own code sends them (issue 17; D71), through the production
// server, read back on the API as a user would see them.
let server: RunningServer;
const now = () => Math.floor(Date.now() / 1000);

interface TradeItem {
  id: string;
  payTime: number | null;
  payTimeStated: number | null;
  createTime: number | null;
  createTimeStated: number | null;
  payStyle: number | null;
  refundStatus: number | null;
}
const tradesOf = async (assetId: string) =>
  (await getJson<{ items: TradeItem[] }>(server, `/api/v1/trades?assetId=${assetId}`)).body.items;
interface Report {
  statistic: Record<string, number>;
  byPayStyle: { payStyle: number; units: number; net: number }[];
}
const report = async (assetId: string, from: number, to: number) =>
  (
    await getJson<Report>(
      server,
      `/api/v1/stats/sales/report?startTime=${from}&endTime=${to}&assetIds=${assetId}&granularity=hour`,
    )
  ).body;
const machine = async (assetId: string) =>
  (await getJson<Record<string, unknown>>(server, `/api/v1/machines/${assetId}`)).body;
interface Alert {
  kind: string;
  assetId: string;
  detail: Record<string, unknown>;
}
const alerts = async () =>
  (await getJson<{ alerts: Alert[] }>(server, '/api/v1/overview')).body.alerts;

beforeAll(async () => {
  server = await startServer();
  await temperatureAlertsAtOnce(server);
});
afterAll(async () => {
  await server?.stop();
});

describe('temperatures as unsigned bytes (D71)', () => {
  it('reads a freezer at 250 as −6 °C, not 238, and a missing sensor as no reading', async () => {
    await push(server, 'device', deviceMessage('VQ-F'));
    expect((await push(server, 'status', vendorFreezerStatus('VQ-F'))).body).toEqual({
      result: 'SUCCESS',
    });
    const m = await machine('VQ-F');
    expect(m.temperatures).toEqual([
      expect.objectContaining({
        cid: 'master',
        cryTemUL: -4,
        cryTemDL: -18,
        leftRmTem: -6,
        rightRmTem: null,
        chambers: { wh1: -16, wh2: -10, wh3: null },
      }),
    ]);
    const t = await getJson<MachineTemperatures>(server, '/api/v1/machines/VQ-F/temperatures');
    const point = t.body.containers[0]!.points.at(-1)!;
    expect(point.left).toMatchObject({ value: -6, excursion: null });
    expect(point.right).toBeNull();
    expect(Object.keys(point.chambers)).toEqual(['wh1', 'wh2']);
    expect(point.chambers.wh1).toMatchObject({ value: -16, excursion: null });
    // Nothing is out of its band, and a missing sensor is never an alert.
    expect((await alerts()).filter((a) => a.assetId === 'VQ-F')).toEqual([]);
  });

  it('alerts a chamber that warms past its band, by its name', async () => {
    const warm = vendorFreezerStatus('VQ-F');
    warm.temperState[0]!.temperDetail.commonField = JSON.stringify(JSON.stringify({ wh1: 2 }));
    await push(server, 'status', warm);
    const isIt = (a: Alert) => a.assetId === 'VQ-F' && a.kind === 'temperature';
    const temperature = (await eventually(alerts, (all) => all.some(isIt))).filter(isIt);
    expect(temperature.map((a) => a.detail)).toEqual([
      expect.objectContaining({ room: 'wh1', temperature: 2, low: -18, high: -4 }),
    ]);
  });
});

describe('times and codes as the vendor sends them (D71)', () => {
  it('files a trade stamped in milliseconds on its day, not in the year 58,000', async () => {
    const at = now() - 120;
    await push(server, 'trade', vendorTrade('VQ-MS', 'VQ-M', at, { payStyle: '2' }));
    const [t] = await tradesOf('VQ-M');
    expect(t).toMatchObject({ id: 'VQ-MS', payTime: at, createTime: at - 20, payTimeStated: null });
    const r = await report('VQ-M', at - 3600, at + 3600);
    expect(r.statistic).toMatchObject({ count: 1, amount: 300 });
  });

  it('counts payStyle 23 in the day’s totals and names it in both languages', async () => {
    const at = now() - 60;
    await push(server, 'trade', vendorTrade('VQ-23', 'VQ-P', at));
    await push(server, 'trade', vendorTrade('VQ-99', 'VQ-P', at + 1, { payStyle: '99' }));
    await push(server, 'trade', vendorTrade('VQ-TO', 'VQ-P', at + 2, { payStatus: '3' }));
    const r = await report('VQ-P', at - 3600, at + 3600);
    expect(r.statistic).toMatchObject({ count: 2, amount: 600, otherCount: 2 });
    expect(r.byPayStyle.map((p) => p.payStyle).sort()).toEqual([23, 99]);
    const csv = async (locale: string) => {
      const res = await authedFetch(
        server.admin!,
        `/api/v1/stats/sales/report?startTime=${at - 3600}&endTime=${at + 3600}&assetIds=VQ-P&format=csv`,
        { headers: { cookie: `${server.admin!.cookie}; locale=${locale}` } },
      );
      return res.text();
    };
    const en = await csv('en');
    expect(en).toContain('QR-code pay');
    expect(en).toContain('Payment method 99');
    const zh = await csv('zh-CN');
    expect(zh).toContain('扫码支付');
    expect(zh).toContain('支付方式 99');
  });

  it('counts a trade stamped two hours ahead at its receipt and says the clock is ahead', async () => {
    const stated = now() + 7200;
    const before = now();
    await push(server, 'trade', vendorTrade('VQ-AHEAD', 'VQ-C', stated));
    const after = now();
    const [t] = await tradesOf('VQ-C');
    expect(t!.payTimeStated).toBe(stated);
    expect(t!.payTime).toBeGreaterThanOrEqual(before);
    expect(t!.payTime).toBeLessThanOrEqual(after);
    const receipt = t!.payTime!;
    expect((await report('VQ-C', receipt - 60, receipt + 60)).statistic.count).toBe(1);
    expect((await report('VQ-C', stated - 60, stated + 60)).statistic.count).toBe(0);
    expect(await machine('VQ-C')).toMatchObject({
      clockAhead: { by: stated - receipt, since: receipt },
    });
    const isAhead = (a: Alert) => a.kind === 'clockAhead';
    expect((await eventually(alerts, (all) => all.some(isAhead))).find(isAhead)).toMatchObject({
      assetId: 'VQ-C',
      detail: { aheadBy: stated - receipt },
    });
    // Refunded a moment later, the same payTime stated again: it stays where it was counted.
    await push(
      server,
      'trade',
      vendorTrade('VQ-AHEAD', 'VQ-C', stated, {
        payTime: stated,
        refundStatus: '2',
        refundFee: '300',
        refundTime: String(stated + 30),
      }),
    );
    const [again] = await tradesOf('VQ-C');
    expect(again).toMatchObject({ payTime: receipt, payTimeStated: stated, refundStatus: 2 });
    expect((await report('VQ-C', receipt - 60, receipt + 60)).statistic).toMatchObject({
      count: 1,
      amount: 0,
      refundAmount: 300,
    });
  });

  it('shows a flag of −1 as unknown, not as offline', async () => {
    await push(server, 'status', statusMessage('VQ-U', { online: '-1', isSale: '-1' }));
    expect(await machine('VQ-U')).toMatchObject({ online: null, sellable: null });
    const listed = await getJson<{ items: { assetId: string }[] }>(
      server,
      '/api/v1/machines?online=false',
    );
    expect(listed.body.items.map((m) => m.assetId)).not.toContain('VQ-U');
  });
});
