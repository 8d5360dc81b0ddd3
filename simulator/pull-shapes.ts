import type { TwinTrade } from './engine';
import { olderRefillPayload } from './payloads';
import type { SmartVendingTwin } from './twin';

type Params = Record<string, unknown>;
type Page = { limit: number; cursor: number };

const text = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : String(v));
const num = (v: unknown) => (text(v) === undefined ? undefined : Number(v));

/** A page of a list in §3.2's envelope: cursor is the offset of the next page. */
function paged<T>(items: T[], { limit, cursor }: Page) {
  const list = items.slice(cursor, cursor + limit);
  return {
    result: 'SUCCESS',
    cursor: String(cursor + list.length),
    total: String(items.length),
    limit: String(limit),
    list,
  };
}

/** §3.2 deliverStatus: 0 delivered, 3 pending, 1 no stock (a failed vend). */
const pullDeliver = (push: number) => (push === 0 ? 0 : push === -1 ? 3 : 1);

/** §5.1 fields by payStyle; the field names are the table's, misspellings included. */
const STAT_FIELDS: Record<number, [string, string]> = {
  2: ['wechatCount', 'wechatAmount'],
  3: ['alipayCount', 'aliapyAmount'],
  4: ['cashCount', 'cashAmount'],
  8: ['gameCount', 'gameAmount'],
  1: ['baifubaoCount', 'baifubaoAmount'],
  9: ['alipaySoundWaveCount', 'alipaySoundWaveAmount'],
  5: ['swingCardCount', 'swingCardAmount'],
  10: ['posMachineCount', 'posMachineAmount'],
  11: ['oneCardsolutionCount', 'oneCardsolutionAmount'],
  12: ['agriculturalBankCount', 'agriculturalBankAmount'],
  14: ['vipPayCount', 'vipPayAmount'],
  15: ['bestPayCount', 'bestPayAmount'],
  16: ['jdpayCount', 'jdpayAmount'],
  13: ['wechatBarcodeCount', 'wechatBarcodeAmount'],
  19: ['alipayBarcodeCount', 'alipayBarcodeAmount'],
};

/**
 * The pull API's answers. With `vendorQuirks` they take the envelopes the real platform uses
 * (D72): §9.1/§9.2 as bare arrays (a page of them: limit and cursor still apply), §6.1 as
 * `{"result":"SUCCESS","list":[…]}`, §5.1's figures as digit strings, §8.2 messages in the
 * refill's older shape.
 */
export function pullShapes(twin: SmartVendingTwin) {
  const quirks = twin.options.vendorQuirks === true;
  const bare = <T>(items: T[], { limit, cursor }: Page) => items.slice(cursor, cursor + limit);
  const machine = (assetId: unknown) => twin.machines.get(String(assetId));
  const lineOf = (name: string) => twin.fleet.lines.find((l) => l.name === name)!;

  function tradeJson(t: TwinTrade) {
    const m = machine(t.assetId)!;
    return {
      gwId: `gw-${t.assetId}`,
      orderNo: t.orderNo,
      tradeNo: t.tradeNo,
      deviceId: `dev-${t.assetId}`,
      siteId: m.siteId,
      lineId: `L-${twin.fleet.lines.indexOf(lineOf(m.lineName)) + 1}`,
      lineName: m.lineName,
      locationId: t.locationId,
      assetId: t.assetId,
      machineType: m.containers[0]!.type,
      cid: t.cid,
      goodsId: t.goodsId,
      goodsName: t.goodsName,
      goodsNumber: t.goodsNumber,
      type: t.typeId,
      typeName: t.typeName,
      deliverStatus: pullDeliver(t.deliverStatus),
      notice_ts: t.payTime + 1,
      recv_ts: t.payTime + 2,
      exec_ts: t.execTs,
      price: t.price,
      price_1: t.price,
      payStatus: t.payStatus,
      count: t.count,
      cost: t.price * t.count,
      payTime: t.payTime,
      createTime: t.createTime,
      traCreateTime: t.createTime,
      refundTime: t.refundTime,
      refundOrderNo: t.refundStatus ? `R${t.orderNo}` : '',
      refundFee: t.refundFee,
      refundStatus: t.refundStatus,
      refundTradeNo: t.refundStatus ? `R${t.tradeNo}` : '',
      payStyle: String(t.payStyle),
      transaction_id: t.tradeNo,
      currency: 1,
      pfFee: t.tradeNo ? Number((t.price * 0.006).toFixed(2)) : 0,
    };
  }

  return {
    tradeList(p: Params, page: Page) {
      const start = num(p.startTime);
      const end = num(p.endTime);
      const items = [...twin.trades.values()].filter(
        (t) =>
          (!text(p.assetId) || t.assetId === p.assetId) &&
          (start === undefined || t.payTime >= start) &&
          (end === undefined || t.payTime <= end) &&
          (!text(p.payStyle) || String(t.payStyle) === String(p.payStyle)),
      );
      return paged(items.map(tradeJson), page);
    },

    statistic(p: Params) {
      const ids = String(p.assetIds ?? '')
        .split(',')
        .filter(Boolean);
      const start = num(p.startTime) ?? 0;
      const end = num(p.endTime) ?? Number.MAX_SAFE_INTEGER;
      return ids.map((assetId) => {
        const out: Record<string, number | string> = {
          assetId,
          startTime: start,
          endTime: end,
          amount: 0,
          count: 0,
          onlineCount: 0,
          onlineAmount: 0,
          outlineCount: 0,
          outlineAmount: 0,
          otherAmount: 0,
          othereCount: 0,
        };
        for (const [c, a] of Object.values(STAT_FIELDS)) out[c] = out[a] = 0;
        for (const t of twin.trades.values()) {
          if (t.assetId !== assetId || t.payStatus !== 1 || t.payTime < start || t.payTime > end)
            continue;
          const amount = t.price * t.count - (t.refundStatus === 2 ? t.refundFee : 0);
          const [c, a] = STAT_FIELDS[t.payStyle] ?? ['othereCount', 'otherAmount'];
          out[c] = Number(out[c]) + t.count;
          out[a] = Number(out[a]) + amount;
          if (t.payStyle === 8) continue;
          out.count = Number(out.count) + t.count;
          out.amount = Number(out.amount) + amount;
          const side = t.payStyle === 4 ? 'outline' : 'online';
          out[`${side}Count`] = Number(out[`${side}Count`]) + t.count;
          out[`${side}Amount`] = Number(out[`${side}Amount`]) + amount;
        }
        return quirks
          ? Object.fromEntries(
              Object.entries(out).map(([k, v]) => [k, k === 'assetId' ? v : String(v)]),
            )
          : out;
      });
    },

    status(p: Params) {
      const m = machine(p.assetId);
      if (!m) return { result: 'FAIL', errorCode: 'ASSET_UNKNOWN' };
      const s = twin.status.get(m.assetId);
      const line = lineOf(m.lineName);
      const status = {
        assetId: m.assetId,
        vender: m.vender,
        lines: { name: line.name, info: line.description },
        areaName: m.areaName,
        siteName: m.site.name,
        routerInfo: {
          version: 'v1.0',
          vcs: 'v2.0',
          info: { net: 'WIFI', phone: '', iccid: `8986${m.assetId}`, ip: '' },
          region: { lon: String(m.site.longitude), lat: String(m.site.latitude) },
          online: s?.online ?? 0,
        },
        vendingInfo: {
          shelvesInfo: m.containers.flatMap((c) =>
            c.shelves.map((shelf) => {
              const st = s?.shelvesState?.find(
                (x) => x.cid === c.cid && x.shelvesId === shelf.locationId,
              );
              return {
                locationId: shelf.locationId,
                goodsName: shelf.product.name,
                number: shelf.product.number,
                status: String(st?.state ?? 0),
                soldoutTime: st?.soldoutTime ? String(st.soldoutTime) : '',
              };
            }),
          ),
          faultInfo: (s?.vendingFault ?? []).map((f) => ({ name: f.pcode, time: '' })),
        },
      };
      return quirks ? { result: 'SUCCESS', list: [status] } : status;
    },

    sales(p: Params) {
      const since = twin.engine.salesSinceRefill(String(p.assetId));
      if (!since) return { result: 'FAIL', errorCode: 'ASSET_UNKNOWN' };
      const units = (sales: Record<string, { units: number }>) =>
        Object.values(sales).reduce((n, v) => n + v.units, 0);
      const byCid = new Map<string, typeof since.shelves>();
      for (const x of since.shelves) byCid.set(x.shelf.cid, [...(byCid.get(x.shelf.cid) ?? []), x]);
      return {
        assetId: p.assetId,
        salesInfo: [...byCid].map(([cid, xs]) => {
          const byGoods = new Map<
            string,
            { goodsId: string; goodsNumber: string; goodsName: string; goodsSales: number }
          >();
          for (const x of xs) {
            const g = byGoods.get(x.shelf.product.goodsId) ?? {
              goodsId: x.shelf.product.goodsId,
              goodsNumber: x.shelf.product.number,
              goodsName: x.shelf.product.name,
              goodsSales: 0,
            };
            g.goodsSales += units(x.sales);
            byGoods.set(g.goodsId, g);
          }
          return { cid, goodsInfo: [...byGoods.values()] };
        }),
        shelvesInfo: [...byCid].map(([cid, xs]) => ({
          cid,
          shelfInfo: xs.map((x) => ({
            locationId: x.shelf.locationId,
            goodsId: x.shelf.product.goodsId,
            goodsNumber: x.shelf.product.number,
            goodsName: x.shelf.product.name,
            goodsSales: units(x.sales),
          })),
        })),
      };
    },

    refillMessages(p: Params) {
      const start = num(p.startTime);
      const end = num(p.endTime);
      const message = twin
        .unacknowledgedRefills()
        .filter(
          (r) =>
            (!text(p.assetId) || r.payload.assetId === p.assetId) &&
            (!text(p.siteNumber) || r.payload.siteNumber === p.siteNumber) &&
            (start === undefined || r.payload.refillTime >= start) &&
            (end === undefined || r.payload.refillTime <= end),
        )
        .map((r) =>
          quirks ? olderRefillPayload(machine(r.refill.assetId)!, r.refill) : r.payload,
        );
      return { result: 'SUCCESS', message };
    },

    lines(p: Params, page: Page) {
      const items = twin.fleet.lines
        .filter(
          (l) =>
            (!text(p.lineName) || l.name === p.lineName) &&
            (!text(p.areaName) || l.areaName === p.areaName),
        )
        .map((l) => ({
          name: l.name,
          areaName: l.areaName,
          description: l.description,
          createTime: l.createTime,
        }));
      return quirks ? bare(items, page) : paged(items, page);
    },

    sites(p: Params, page: Page) {
      const items = twin.fleet.machines
        .filter(
          (m) =>
            (!text(p.lineName) || m.lineName === p.lineName) &&
            (!text(p.areaName) || m.areaName === p.areaName),
        )
        .map((m) => ({
          deviceName: m.name,
          areaName: m.areaName,
          lineName: m.lineName,
          createTime: m.createTime,
          siteId: m.siteId,
          siteName: m.site.name,
          address: m.site.address,
          assetId: m.assetId,
          online: twin.status.get(m.assetId)?.online ?? 0,
          shelfCount: m.containers.reduce((n, c) => n + c.shelves.length, 0),
          cidCount: m.containers.length,
          vender: m.vender,
          fireware: 'IHv3.0.16',
          vcs: 'v2.0',
        }));
      return quirks ? bare(items, page) : paged(items, page);
    },

    createCode(p: Params) {
      const code = twin.createPickupCode({
        assetId: text(p.assetId),
        productCode: text(p.productCode),
        startTime: num(p.startTime),
        endTime: num(p.endTime),
      });
      return { result: 'SUCCESS', code };
    },

    goods(_p: Params, page: Page) {
      const items = twin.fleet.products.map((g) => ({
        number: g.number,
        name: g.name,
        fullName: g.fullName,
        typeName: g.typeName,
        price: `${Math.trunc(g.price / 100)}${
          g.price % 100
            ? `.${String(g.price % 100)
                .padStart(2, '0')
                .replace(/0$/, '')}`
            : ''
        }`,
        packingForm: g.packingForm,
        manufacturer: g.manufacturer,
      }));
      return paged(items, page);
    },
  };
}
