/**
 * One refill settlement written twice (our own fixtures): as seed 000 §8.1 (V0.9) reads, and as
 * the vendor's code before V0.9 sends it (`lastTime`/`createTime` in milliseconds, containers
 * in `cidPaySales[]` with `shelvesPaySales[]` in snake case, amounts as `<name>Amount` /
 * `<name>Count` members, every machine- and container-level name present with 0, a shelf's
 * unused names null). What the older shape cannot say (siteNumber, goodsNumber, stock,
 * refillCount) is left out of the V0.9 one too, so both describe exactly the same settlement.
 *
 * Container A: shelf 1 (tea, 3.00) sold 2 by WeChat and 1 for cash, shelf 2 (black tea, 3.50)
 * 1 by Alipay; container B: shelf a1 (herbal tea, 5.00) sold nothing.
 */
export const SHELVES = [
  { cid: 'A', locationId: '1', goodsId: 'g-green', goodsName: '绿茶', price: 300 },
  { cid: 'A', locationId: '2', goodsId: 'g-black', goodsName: '红茶', price: 350 },
  { cid: 'B', locationId: 'a1', goodsId: 'g-wlj', goodsName: '王老吉', price: 500 },
] as const;

/** Units sold per shelf and payment (payStyle 2 WeChat, 3 Alipay, 4 cash). */
export const SOLD: { shelf: number; payStyle: number; units: number }[] = [
  { shelf: 0, payStyle: 2, units: 2 },
  { shelf: 0, payStyle: 4, units: 1 },
  { shelf: 1, payStyle: 3, units: 1 },
];

type Line = { name: string; sales: number; units: number };
const line = (name: string, sales: number, units: number): Line => ({ name, sales, units });

const shelfLines: Line[][] = [
  [line('total', 900, 3), line('cash', 300, 1), line('cashless', 600, 2), line('wechat', 600, 2)],
  [line('total', 350, 1), line('cash', 0, 0), line('cashless', 350, 1), line('alipay', 350, 1)],
  [line('total', 0, 0), line('cash', 0, 0), line('cashless', 0, 0)],
];
const machineLines = [
  line('total', 1250, 4),
  line('cash', 300, 1),
  line('cashless', 950, 3),
  line('wechat', 600, 2),
  line('alipay', 350, 1),
];

export function v09Refill(assetId: string, refillTime: number, lastRefillTime: number) {
  return {
    assetId,
    siteName: '启明国际大厦',
    lineName: '京港地铁 14 号线',
    lastRefillTime,
    refillTime,
    paySales: machineLines,
    shelfPaySales: SHELVES.map((s, i) => ({
      cid: s.cid,
      locationId: s.locationId,
      goodsId: s.goodsId,
      goodsName: s.goodsName,
      price: s.price,
      paySales: shelfLines[i],
    })),
  };
}

/** The older names, in the order the vendor's class declares them. */
const OLDER_NAMES = [
  'sales',
  'cash',
  'nocash',
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
];
const v09Name = (older: string) =>
  older === 'sales' ? 'total' : older === 'nocash' ? 'cashless' : older;

/** An older amounts object: every name, 0 (or null, for a shelf) where nothing was sold. */
function olderAmounts(lines: Line[], unused: 0 | null) {
  const out: Record<string, number | null> = {};
  for (const name of OLDER_NAMES) {
    const l = lines.find((x) => x.name === v09Name(name));
    out[`${name}Amount`] = l ? l.sales : unused;
    out[`${name}Count`] = l ? l.units : unused;
  }
  return out;
}

const sum = (lists: Line[][]) => {
  const out = new Map<string, Line>();
  for (const l of lists.flat()) {
    const s = out.get(l.name) ?? line(l.name, 0, 0);
    s.sales += l.sales;
    s.units += l.units;
    out.set(l.name, s);
  }
  return [...out.values()];
};

export function olderRefill(assetId: string, refillTime: number, lastRefillTime: number) {
  const containers = ['A', 'B'];
  return {
    assetId,
    siteName: '启明国际大厦',
    lineName: '京港地铁 14 号线',
    lastTime: lastRefillTime * 1000,
    createTime: refillTime * 1000,
    paySales: olderAmounts(machineLines, 0),
    cidPaySales: containers.map((cid) => {
      const idx = SHELVES.flatMap((s, i) => (s.cid === cid ? [i] : []));
      return {
        cid,
        machineType: cid === 'A' ? 1 : 3,
        paySales: olderAmounts(sum(idx.map((i) => shelfLines[i]!)), 0),
        shelvesPaySales: idx.map((i) => ({
          location_id: SHELVES[i]!.locationId,
          goods_id: SHELVES[i]!.goodsId,
          goods_name: SHELVES[i]!.goodsName,
          price: SHELVES[i]!.price,
          ...olderAmounts(shelfLines[i]!, null),
        })),
      };
    }),
  };
}
