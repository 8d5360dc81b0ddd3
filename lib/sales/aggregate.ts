import 'server-only';
import type { DbOrTx } from '@/db/client';
import {
  rawMeasures,
  rollupMeasures,
  rollupTimeZone,
  type Measures,
  type MeasureRow,
  type SalesScope,
} from '@/db/queries/sales';
import type { Level } from '@/db/rollups';
import { periodStarts, type PeriodUnit } from '@/lib/sales/periods';
import { chooseFamily, decompose, mergeSpans, type Dim, type Span } from './plan';

export interface AggregateQuery {
  /** Inclusive, epoch seconds (as §5.1). */
  startTime: number;
  endTime: number;
  scope: SalesScope;
  by: readonly Dim[];
  /** Also split by local hour, day or week. */
  timeline?: PeriodUnit;
  timeZone: string;
  /** 'raw' reads only the trades: the baseline the rollups must equal. */
  source?: 'rollups' | 'raw';
  /** The present, which decides how partial periods are cheapest read (default: the clock). */
  now?: number;
}

export interface AggregateRow extends Measures {
  asset: string;
  goods: string;
  pay: number;
  /** Start of the timeline period (0 without a timeline). */
  period: number;
}

export interface Aggregate {
  rows: AggregateRow[];
  /** How the range was read: each span's level and, for rollups, the family. */
  plan: { family: string | null; spans: Span[] };
  /** The timeline's periods (empty without a timeline). */
  periods: number[];
}

export const zero = (): Measures => ({ units: 0, gross: 0, refunds: 0, refunded: 0 });
export function addTo(into: Measures, m: Measures, sign: 1 | -1 = 1) {
  into.units += sign * m.units;
  into.gross += sign * m.gross;
  into.refunds += sign * m.refunds;
  into.refunded += sign * m.refunded;
}

/** The last index whose value is ≤ t (values ascending). */
function floorIndex(values: readonly number[], t: number) {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (values[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Sums of paid trades over a range, grouped by the dimensions asked for and optionally by
 * local period: whole periods from the smallest rollup that keeps the dimensions, the edges
 * (and anything no rollup keeps) from the trades. Exact: every span is whole periods of its
 * level, and a timeline's periods are split first so no rollup row straddles two of them.
 */
export async function aggregate(db: DbOrTx, q: AggregateQuery): Promise<Aggregate> {
  const from = q.startTime;
  const to = q.endTime + 1;
  const required = new Set<Dim>(q.by);
  if (q.scope.assets) required.add('asset');
  if (q.scope.goods) required.add('goods');
  if (q.scope.pays) required.add('pay');
  const family = q.source === 'raw' ? null : chooseFamily(required);
  // Day and month rows were cut in the time zone the rollups were built in: in any other, only
  // the UTC hours line up.
  const local = (await rollupTimeZone(db)) === q.timeZone;
  const levels = family
    ? (Object.keys(family.levels) as Level[]).filter((l) => local || l === 'hour')
    : [];

  const periods = q.timeline ? periodStarts(q.timeline, from, to, q.timeZone) : [];
  const spans = mergeSpans(
    q.timeline
      ? periods.flatMap((p, i) =>
          decompose(Math.max(p, from), Math.min(periods[i + 1] ?? to, to), levels, q.timeZone),
        )
      : decompose(from, to, levels, q.timeZone, { now: q.now ?? Math.floor(Date.now() / 1000) }),
  );

  const group = {
    asset: q.by.includes('asset'),
    goods: q.by.includes('goods'),
    pay: q.by.includes('pay'),
    bucket: Boolean(q.timeline),
  };
  const out = new Map<string, AggregateRow>();
  // One dimension and no timeline (the machine table: thousands of rows) keys by its value.
  const single = !q.timeline && q.by.length === 1 ? q.by[0] : undefined;
  const add = (r: MeasureRow, sign: 1 | -1) => {
    const period = q.timeline ? periods[floorIndex(periods, r.bucket)]! : 0;
    const key = single
      ? String(r[single])
      : `${r.asset}\u0000${r.goods}\u0000${r.pay}\u0000${period}`;
    let row = out.get(key);
    if (!row)
      out.set(key, (row = { asset: r.asset, goods: r.goods, pay: r.pay, period, ...zero() }));
    addTo(row, r, sign);
  };
  for (const span of spans) {
    const found =
      span.level === 'raw'
        ? await rawMeasures(db, { from: span.from, to: span.to, scope: q.scope, group })
        : await rollupMeasures(db, {
            grain: family!.levels[span.level]!,
            hasAsset: family!.dims.includes('asset'),
            from: span.from,
            to: span.to,
            scope: q.scope,
            group,
          });
    for (const r of found) add(r, span.sign);
  }
  // Rows that sum to nothing (a trade moved out of a bucket, a free paid trade) are not sales.
  const rows = [...out.values()].filter((r) => r.units || r.gross || r.refunds || r.refunded);
  return { rows, plan: { family: family?.name ?? null, spans }, periods };
}
