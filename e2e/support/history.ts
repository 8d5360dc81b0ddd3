import { deviceMessage, refillMessage, statusMessage, tradeMessage } from './messages';
import { postRaw, signedBody } from './push';

/** Where pushes go: a test server, or the Playwright run's. */
export interface PushTarget {
  url: string;
  clientId: string;
  key: string;
}

async function send(
  target: PushTarget,
  kind: 'device' | 'trade' | 'status' | 'refill',
  payload: Record<string, unknown>,
) {
  const r = await postRaw(target, kind, signedBody(target, payload));
  if (r.body.result !== 'SUCCESS')
    throw new Error(`${kind} push for ${String(payload.assetId)}: ${JSON.stringify(r.body)}`);
}

const SHELVES = [
  { location_id: '1', goods_id: 'g-ginger', goods_name: '三得利蜜香暖姜', price: '500' },
  { location_id: '2', goods_id: 'g-tea', goods_name: '统一冰绿茶', price: '300' },
];

export interface HistoryOptions {
  assetId: string;
  name?: string;
  /** The history's end (epoch seconds; normally now) and its length in days. */
  now: number;
  days: number;
  /** Units each shelf sells a day, spread evenly over the hours it sells in. */
  perShelfPerDay: number;
  /** Whether the machine sells at time t (default: every hour). */
  sellsAt?: (t: number) => boolean;
  /** No sale after this time (a reader that stopped working). */
  stopAt?: number;
  /** Each shelf's capacity and the stock every refill leaves (refills every `refillDays`). */
  capacity: number;
  refillDays: number;
}

export interface HistoryMessage {
  kind: 'device' | 'trade' | 'status' | 'refill';
  payload: Record<string, unknown>;
  /** When it happened (a trade's time, a refill's): a test receiving it in-process uses it. */
  t: number;
}

/**
 * A constructed history (issue 21's tests): a two-shelf machine, online and on sale, refilled
 * to `capacity` every `refillDays`, whose shelves each sell `perShelfPerDay` evenly over the
 * hours `sellsAt` allows, until `stopAt`. Answers the messages in time order and the units each
 * shelf has left by their own count.
 */
export function historyMessages(o: HistoryOptions) {
  const { assetId } = o;
  const start = o.now - o.days * 86_400;
  const out: HistoryMessage[] = [
    {
      kind: 'device',
      t: start,
      payload: deviceMessage(assetId, {
        ...(o.name ? { name: o.name } : {}),
        containers: [
          {
            cid: assetId,
            type: 1,
            shelves: SHELVES.map((s) => ({
              ...s,
              Img: 'i',
              Imgmd5: 'm',
              capacity: o.capacity,
              valve: 2,
            })),
          },
        ],
      }),
    },
    {
      kind: 'status',
      t: start,
      payload: statusMessage(assetId, { online: 0, isSale: 1, doorState: 1 }),
    },
  ];
  const pay = (units: number, price: number) => [
    { name: 'total', sales: units * price, units },
    { name: 'cash', sales: 0, units: 0 },
    { name: 'cashless', sales: units * price, units },
    { name: 'wechat', sales: units * price, units },
  ];
  const refill = (t: number, sold: number[]) =>
    out.push({
      kind: 'refill',
      t,
      payload: refillMessage(assetId, t, {
        paySales: pay(sold[0]! + sold[1]!, 400),
        shelfPaySales: SHELVES.map((s, i) => ({
          cid: assetId,
          locationId: s.location_id,
          goodsId: s.goods_id,
          goodsName: s.goods_name,
          goodsNumber: `n-${s.goods_id}`,
          price: Number(s.price),
          stock: o.capacity,
          refillCount: sold[i]!,
          paySales: pay(sold[i]!, Number(s.price)),
        })),
      }),
    });
  const left = SHELVES.map(() => o.capacity);
  const sold = SHELVES.map(() => 0);
  refill(start, sold);
  const step = 86_400 / o.perShelfPerDay;
  let n = 0;
  let nextRefill = start + o.refillDays * 86_400;
  // Each shelf's sales are evenly spaced, the second shelf's half a step after the first's.
  for (let t = start + step / 4; t < o.now; t += step / 2) {
    if (t >= nextRefill) {
      refill(Math.floor(nextRefill), sold);
      left.fill(o.capacity);
      sold.fill(0);
      nextRefill += o.refillDays * 86_400;
    }
    const i = n++ % 2;
    if (o.stopAt !== undefined && t >= o.stopAt) continue;
    if (o.sellsAt && !o.sellsAt(t)) continue;
    if (left[i]! <= 0) continue;
    const s = SHELVES[i]!;
    const at = Math.floor(t);
    out.push({
      kind: 'trade',
      t: at,
      payload: tradeMessage(`${assetId}-${n}`, assetId, {
        locationId: s.location_id,
        goodsId: s.goods_id,
        goodsName: s.goods_name,
        price: s.price,
        payTime: String(at),
        createTime: String(at - 20),
        exec_ts: String(at + 5),
      }),
    });
    left[i]!--;
    sold[i]!++;
  }
  return { messages: out, left };
}

/** Pushes a constructed history through the real receivers; answers the units left per shelf. */
export async function pushHistory(target: PushTarget, o: HistoryOptions) {
  const { messages, left } = historyMessages(o);
  for (const m of messages) await send(target, m.kind, m.payload);
  return left;
}
