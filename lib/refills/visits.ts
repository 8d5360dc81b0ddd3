import 'server-only';
import type { Db } from '@/db/client';
import {
  getReview,
  listVisits,
  loadRefill,
  reviewHistory,
  type VisitFilter,
  type VisitRow,
} from '@/db/queries/reconcile';
import { machinesInScope } from '@/db/queries/sales';
import { refillView } from '@/lib/refills/view';
import { reconcile } from './reconcile';
import type { Verdict } from './rules';
import { mapSeries } from '@/lib/ops/series';

const amounts = (units: number | null, sales: number | null) =>
  units === null && sales === null ? null : { units: units ?? 0, sales: sales ?? 0 };

async function visitItem(db: Db, r: VisitRow) {
  const rec = await reconcile(db, (await loadRefill(db, r.id))!);
  const expected = rec.payments.find((l) => l.name === 'total')!.expected;
  return {
    id: r.id,
    assetId: r.assetId,
    machineName: r.machineName,
    siteName: r.siteName,
    siteNumber: r.siteNumber,
    lineName: r.lineName,
    lastRefillTime: r.lastRefillTime,
    refillTime: r.refillTime,
    source: r.source,
    receivedAt: r.receivedAt,
    total: amounts(r.totalUnits, r.totalSales),
    cash: amounts(r.cashUnits, r.cashSales),
    cashless: amounts(r.cashlessUnits, r.cashlessSales),
    expected,
    verdict: rec.verdict,
    review: r.reviewNote
      ? { note: r.reviewNote, reviewedAt: r.reviewedAt!, reviewedBy: r.reviewedBy! }
      : null,
  };
}

export type VisitItem = Awaited<ReturnType<typeof visitItem>>;

/** How many visits one request reconciles at most while looking for a verdict. */
export const MAX_SCAN = 1000;

/**
 * Visits newest first with their verdicts. A verdict is worked out when asked (late trades
 * change it), so filtering by one reconciles visits in order until `limit` match or MAX_SCAN
 * were looked at; `nextOffset` continues from there.
 */
export async function visitList(
  db: Db,
  f: VisitFilter & { verdict?: Verdict },
  page: { limit: number; offset: number },
) {
  if (!f.verdict) {
    const rows = await listVisits(db, f, { limit: page.limit + 1, offset: page.offset });
    return {
      items: await mapSeries(rows.slice(0, page.limit), async (r) => await visitItem(db, r)),
      nextOffset: rows.length > page.limit ? page.offset + page.limit : null,
    };
  }
  const items: VisitItem[] = [];
  let offset = page.offset;
  const batch = Math.min(200, MAX_SCAN);
  while (items.length < page.limit && offset - page.offset < MAX_SCAN) {
    const rows = await listVisits(db, f, { limit: batch, offset });
    for (const r of rows) {
      offset++;
      const item = await visitItem(db, r);
      if (item.verdict === f.verdict) items.push(item);
      if (items.length === page.limit) break;
    }
    if (rows.length < batch && items.length < page.limit) return { items, nextOffset: null };
  }
  const more = (await listVisits(db, f, { limit: 1, offset })).length > 0;
  return { items, nextOffset: more ? offset : null };
}

/** One visit: §8.1's own shape, the reconciliation, the machine, the reviews. */
export async function visitDetail(db: Db, id: number) {
  const refill = await loadRefill(db, id);
  if (!refill) return undefined;
  const machine = (await machinesInScope(db, { assetIds: [refill.settlement.assetId] }))[0];
  return {
    ...refillView(refill),
    machine: machine ?? null,
    reconciliation: await reconcile(db, refill, { coins: true }),
    review: (await getReview(db, id)) ?? null,
    reviews: await reviewHistory(db, id),
  };
}

export type VisitDetail = NonNullable<Awaited<ReturnType<typeof visitDetail>>>;
