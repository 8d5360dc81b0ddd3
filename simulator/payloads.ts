import type { SimMachine } from './model';
import type { ShelfSales, StatusChange, TwinRefill, TwinTrade } from './engine';

/**
 * Message bodies exactly as the platform writes them (seed 000), without clientId, nonce_str
 * and sign, which the deliverer adds. Pushes send numbers as strings where §3.1's example does.
 */
export function devicePayload(m: SimMachine) {
  return {
    name: m.name,
    assetId: m.assetId,
    siteName: m.site.name,
    location: { longitude: m.site.longitude, latitude: m.site.latitude },
    lineName: m.lineName,
    containers: m.containers.map((c) => ({
      cid: c.cid,
      type: c.type,
      shelves: c.shelves.map((s) => ({
        location_id: s.locationId,
        goods_id: s.product.goodsId,
        goods_name: s.product.name,
        price: String(s.product.price),
        Img: `${s.product.goodsId.slice(0, 12)}${s.product.number.slice(-12)}`,
        Imgmd5: s.product.goodsId.slice(-16) + s.product.number.slice(0, 16),
        capacity: s.capacity,
        valve: s.valve,
      })),
    })),
  };
}

export function tradePayload(t: TwinTrade) {
  return {
    id: t.id,
    orderNo: t.orderNo,
    tradeNo: t.tradeNo,
    locationId: t.locationId,
    assetId: t.assetId,
    cid: t.cid,
    goodsId: t.goodsId,
    goodsName: t.goodsName,
    goodsNumber: t.goodsNumber,
    type: t.typeId,
    typeName: t.typeName,
    deliverStatus: String(t.deliverStatus),
    exec_ts: t.execTs ? String(t.execTs) : '',
    price: String(t.price),
    payStatus: String(t.payStatus),
    count: String(t.count),
    payTime: String(t.payTime),
    createTime: String(t.createTime),
    refundFee: String(t.refundFee),
    refundStatus: String(t.refundStatus),
    refundTime: t.refundTime ? String(t.refundTime) : '',
    payStyle: String(t.payStyle),
  };
}

export function statusPayload(m: SimMachine, s: StatusChange) {
  const { assetId: _a, ...fields } = s;
  return { assetId: m.assetId, siteName: m.site.name, lineName: m.lineName, ...fields };
}

/** The full status a machine reports first: every §4.1 field. */
export function fullStatusPayload(m: SimMachine, s: StatusChange) {
  return {
    ...statusPayload(m, s),
    faultCode: [0, 0, 0, 0, 0, 0],
    versions: [
      { name: 'master', type: '1', value: '339' },
      { name: 'master', type: '2', value: '35' },
    ],
    apps: [
      { name: 'DeviceManagerService', version: '1.161.r4768' },
      { name: 'InBoxCore', version: '1.68.r4698' },
    ],
    fireware: 'IHv3.0.16',
  };
}

function paySales(sales: ShelfSales) {
  return Object.entries(sales).map(([name, v]) => ({ name, sales: v.sales, units: v.units }));
}

/** §8.1 content (also a §8.2 message). */
export function refillPayload(m: SimMachine, r: TwinRefill) {
  return {
    assetId: m.assetId,
    siteName: m.site.name,
    siteNumber: m.siteNumber,
    lineName: m.lineName,
    lastRefillTime: r.lastRefillTime,
    refillTime: r.refillTime,
    paySales: paySales(r.sales),
    shelfPaySales: r.shelves.map((x) => ({
      cid: x.shelf.cid,
      locationId: x.shelf.locationId,
      goodsId: x.shelf.product.goodsId,
      goodsName: x.shelf.product.name,
      goodsNumber: x.shelf.product.number,
      price: x.shelf.product.price,
      stock: x.stock,
      refillCount: x.refillCount,
      paySales: paySales(x.sales),
    })),
  };
}

/** The names the vendor's code before V0.9 writes amounts under, in its order. */
const OLDER_NAMES: [older: string, v09: string][] = [
  ['sales', 'total'],
  ['cash', 'cash'],
  ['nocash', 'cashless'],
  ...[
    'wechat',
    'alipay',
    'baifubao',
    'alipaySoundWave',
    'swingCard',
    'pos',
    'oneCardsolution',
    'agriculturalBank',
    'game',
    'vipPay',
    'bestPay',
    'jdpay',
    'wechatBarcode',
    'alipayBarcode',
    'other',
  ].map((n): [string, string] => [n, n]),
];

/**
 * Amounts as one object of `<name>Amount`/`<name>Count` members: every name, with 0 where
 * nothing sold (the machine's and a container's), or null (a shelf's, whose members have no
 * default in the vendor's code). A payment newer than the older list (UnionPay, QR-code pay)
 * is one more pair under its V0.9 name.
 */
function olderAmounts(sales: ShelfSales, unused: 0 | null) {
  const out: Record<string, number | null> = {};
  for (const [older, v09] of OLDER_NAMES) {
    out[`${older}Amount`] = sales[v09]?.sales ?? unused;
    out[`${older}Count`] = sales[v09]?.units ?? unused;
  }
  for (const [name, v] of Object.entries(sales)) {
    if (OLDER_NAMES.some(([, v09]) => v09 === name)) continue;
    out[`${name}Amount`] = v.sales;
    out[`${name}Count`] = v.units;
  }
  return out;
}

function addSales(into: ShelfSales, from: ShelfSales) {
  for (const [name, v] of Object.entries(from))
    into[name] = {
      sales: (into[name]?.sales ?? 0) + v.sales,
      units: (into[name]?.units ?? 0) + v.units,
    };
  return into;
}

/**
 * §8.1 as the vendor's code before V0.9 sends it (`vendorQuirks`, D72): `lastTime`/`createTime`
 * in milliseconds, containers in `cidPaySales[]` with their own amounts and `machineType`, each
 * shelf in `shelvesPaySales[]` with snake-case names and its amounts flat on it. It has no
 * siteNumber, goods number, stock or refill count.
 */
export function olderRefillPayload(m: SimMachine, r: TwinRefill) {
  return {
    assetId: m.assetId,
    siteName: m.site.name,
    lineName: m.lineName,
    lastTime: r.lastRefillTime * 1000,
    createTime: r.refillTime * 1000,
    paySales: olderAmounts(r.sales, 0),
    cidPaySales: m.containers.map((c) => {
      const shelves = r.shelves.filter((x) => x.shelf.cid === c.cid);
      return {
        cid: c.cid,
        machineType: c.type,
        paySales: olderAmounts(
          shelves.reduce((a, x) => addSales(a, x.sales), {} as ShelfSales),
          0,
        ),
        shelvesPaySales: shelves.map((x) => ({
          location_id: x.shelf.locationId,
          goods_id: x.shelf.product.goodsId,
          goods_name: x.shelf.product.name,
          price: x.shelf.product.price,
          ...olderAmounts(x.sales, null),
        })),
      };
    }),
  };
}
