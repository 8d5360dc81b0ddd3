import type { PushKind } from './push';
import { deviceMessage, refillMessage, tradeMessage } from './messages';

/**
 * A line with eight weeks of constructed sales (the forecast's whole window), for the route day
 * (D95): every machine was refilled once a week, last eight days ago, and sold evenly in
 * between, every six hours, never running out, so its fitted demand is what it sold a day and
 * its stock is known.
 *
 *   A  cola: 96 at each refill, 12 a day → 3 left, empty within hours (must);
 *      water: 40, 1 a day → 32 left
 *   D  cola: 110, 12 a day → 17 left, empty in about a day and a half (must, after A)
 *   B  cola: 100, 8 a day → 38 left, empty in about 5 days (a spare stop)
 *   C  no refill known: stock unknown, nothing to predict from
 */
export type Send = (kind: PushKind, payload: Record<string, unknown>) => Promise<void>;

const DAY = 86_400;
const HOUR = 3600;

export interface RouteDayLine {
  lineName: string;
  a: string;
  b: string;
  c: string;
  d: string;
  colaId: string;
  colaName: string;
}

export async function seedRouteDayLine(
  send: Send,
  tag: string,
  now: number,
): Promise<RouteDayLine> {
  const lineName = `路线日线 ${tag}`;
  const colaId = `g-cola-${tag}`;
  const colaName = `可口可乐 ${tag}`;
  const waterId = `g-water-${tag}`;
  const [a, b, c, d] = ['A', 'B', 'C', 'D'].map((x) => `RD-${x}-${tag}`) as [
    string,
    string,
    string,
    string,
  ];
  const last = now - 8 * DAY;
  const refills = Array.from({ length: 8 }, (_, k) => last - (7 - k) * 7 * DAY);
  const shelf = (id: string, goods: string, name: string, capacity: number) => ({
    location_id: id,
    goods_id: goods,
    goods_name: name,
    price: '300',
    capacity,
    valve: 2,
  });
  const settled = (m: string, id: string, goods: string, name: string, stock: number) => ({
    cid: m,
    locationId: id,
    goodsId: goods,
    goodsName: name,
    stock,
    refillCount: stock,
    price: 300,
    paySales: [],
  });
  let n = 0;
  /** `count` units every `every` hours from the first refill until an hour ago. */
  const sell = async (
    m: string,
    id: string,
    goods: string,
    name: string,
    every: number,
    count: number,
  ) => {
    for (let t = refills[0]! + every * HOUR; t < now - HOUR; t += every * HOUR)
      await send(
        'trade',
        tradeMessage(`rd${tag}${++n}`, m, {
          locationId: id,
          goodsId: goods,
          goodsName: name,
          payTime: String(t),
          createTime: String(t - 30),
          count: String(count),
        }),
      );
  };
  for (const [i, m] of [a, b, c, d].entries())
    await send(
      'device',
      deviceMessage(m, {
        name: `路线日机 ${'ABCD'[i]} ${tag}`,
        siteName: `路线日站 ${'ABCD'[i]} ${tag}`,
        lineName,
        location: { longitude: 116.3 + i / 100, latitude: 39.9 + i / 100 },
        containers: [
          {
            cid: m,
            type: 1,
            shelves: [shelf('1', colaId, colaName, 120), shelf('2', waterId, `矿泉水 ${tag}`, 40)],
          },
        ],
      }),
    );
  const stocked: [string, string, number][] = [
    [a, 'A', 96],
    [b, 'B', 100],
    [d, 'D', 110],
  ];
  for (const refill of refills)
    for (const [m, x, cola] of stocked)
      await send(
        'refill',
        refillMessage(m, refill, {
          siteName: `路线日站 ${x} ${tag}`,
          siteNumber: undefined,
          lineName,
          shelfPaySales: [
            settled(m, '1', colaId, colaName, cola),
            settled(m, '2', waterId, `矿泉水 ${tag}`, 40),
          ],
        }),
      );
  await sell(a, '1', colaId, colaName, 6, 3); // 12 a day
  await sell(d, '1', colaId, colaName, 6, 3);
  await sell(b, '1', colaId, colaName, 6, 2); // 8 a day
  await sell(a, '2', waterId, `矿泉水 ${tag}`, 48, 2); // 1 a day
  return { lineName, a, b, c, d, colaId, colaName };
}
