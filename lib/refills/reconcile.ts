import 'server-only';
import type { Db } from '@/db/client';
import type { getRefill } from '@/db/queries/refills';
import {
  coinReadingsAround,
  previousRefillTime,
  visitTrades,
  type ShelfTrades,
} from '@/db/queries/reconcile';
import {
  coinValue,
  compareNames,
  expectedByName,
  reportedByName,
  verdictOf,
  type Line,
  type LineStatus,
} from './rules';

export type Refill = NonNullable<Awaited<ReturnType<typeof getRefill>>>;

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A shelf's status: its worst line, the total line's when that one differs. */
function shelfStatus(lines: readonly Line[]): LineStatus {
  const total = lines.find((l) => l.name === 'total');
  if (total && total.status !== 'matched') return total.status;
  return lines.find((l) => l.status !== 'matched')?.status ?? 'matched';
}

/**
 * A visit's settlement against our own trades of the same machine in the same window
 * ([lastRefillTime, refillTime), docs/decisions.md D21): per shelf and per payment name,
 * expected (our paid, delivered trades) against reported, the machine's totals likewise, the
 * cash against the coin counts the machine reported, and a verdict.
 */
export async function reconcile(db: Db, refill: Refill, o: { coins?: boolean } = {}) {
  const { settlement, shelves, sales } = refill;
  const from =
    settlement.lastRefillTime ??
    (await previousRefillTime(db, settlement.assetId, settlement.refillTime)) ??
    0;
  const to = settlement.refillTime;
  const trades = await visitTrades(db, { assetId: settlement.assetId, from, to });

  // Each group of trades goes to the settlement's shelf with its container and shelf number;
  // a trade without a container to the only shelf with its number.
  const key = (cid: string | null, loc: string | null) => `${cid ?? ''}\u0000${loc ?? ''}`;
  const byKey = new Map(shelves.map((s) => [key(s.cid, s.locationId), s.id]));
  const byLocation = new Map<string, number[]>();
  for (const s of shelves) push(byLocation, s.locationId ?? '', s.id);
  const ofShelf = new Map<number, ShelfTrades[]>();
  const unreported = new Map<string, ShelfTrades[]>();
  for (const t of trades) {
    const sameNumber = byLocation.get(t.locationId ?? '') ?? [];
    const id =
      byKey.get(key(t.cid, t.locationId)) ??
      (t.cid === null && sameNumber.length === 1 ? sameNumber[0] : undefined);
    if (id !== undefined) push(ofShelf, id, t);
    else push(unreported, key(t.cid, t.locationId), t);
  }

  const salesOf = new Map<number | null, typeof sales>();
  for (const p of sales) push(salesOf, p.refillShelfId, p);
  const shelfLines = shelves.map((s) => {
    const lines = compareNames(
      expectedByName(ofShelf.get(s.id) ?? []),
      reportedByName(salesOf.get(s.id) ?? []),
    );
    const { id: _id, settlementId: _s, ...shelf } = s;
    return { ...shelf, reported: true, status: shelfStatus(lines), lines };
  });
  // A settlement that lists no shelves is compared on the machine's totals only.
  const extra = shelves.length
    ? [...unreported.values()].map((group) => {
        const lines = compareNames(expectedByName(group), new Map());
        return {
          cid: group[0]!.cid,
          locationId: group[0]!.locationId,
          goodsId: null,
          goodsName: null,
          goodsNumber: null,
          price: null,
          stock: null,
          refillCount: null,
          reported: false,
          status: shelfStatus(lines),
          lines,
        };
      })
    : [];
  const expectedMachine = expectedByName(trades);
  const reportedMachine = reportedByName(salesOf.get(null) ?? []);
  const payments = compareNames(expectedMachine, reportedMachine);
  const allShelves = [...shelfLines, ...extra];
  const verdict = verdictOf([...payments, ...allShelves.flatMap((s) => s.lines)]);

  return {
    window: { from, to },
    trades: trades.reduce((n, t) => n + t.units, 0),
    verdict,
    payments,
    shelves: allShelves,
    coins: o.coins
      ? await coinCheck(db, settlement.assetId, from, to, {
          expected: expectedMachine.get('cash')?.sales ?? 0,
          reported: reportedMachine.get('cash')?.sales ?? null,
        })
      : null,
  };
}

export type Reconciliation = Awaited<ReturnType<typeof reconcile>>;

/**
 * The cash our trades say went in against the coins the machine reported: the count when the
 * collector came (the last reading in the window) less the count the previous visit left (the
 * first reading after it, or the one standing then). No reading in the window: not reported,
 * rather than a shortfall. §4.1 counts coins only, so bills are not in it.
 */
async function coinCheck(
  db: Db,
  assetId: string,
  from: number,
  to: number,
  cash: { expected: number; reported: number | null },
) {
  const r = await coinReadingsAround(db, { assetId, from, to });
  const end = r.last ?? null;
  const start = (r.first && r.first.id !== r.last?.id ? r.first : r.atFrom) ?? null;
  const counted = start && end ? coinValue(end) - coinValue(start) : null;
  return {
    start,
    end,
    counted,
    expectedCash: cash.expected,
    reportedCash: cash.reported,
    difference: counted === null ? null : counted - cash.expected,
    status:
      counted === null
        ? null
        : counted === cash.expected
          ? ('matched' as const)
          : counted > cash.expected
            ? ('over' as const)
            : ('short' as const),
  };
}
