import 'server-only';
import { GRAINS } from '@/db/schema/rollups';
import type { Level } from '@/db/rollups';
import { nextPeriod, periodStart } from '@/lib/sales/periods';

export type Dim = 'asset' | 'goods' | 'pay';

/**
 * The rollup families, smallest first: each keeps some dimensions at some levels of time
 * (db/rollups.ts). A question is answered by the first family that keeps every dimension it
 * filters or groups by; no family keeps asset × goods × payment, so those go to the trades.
 */
export const FAMILIES: readonly {
  name: string;
  dims: readonly Dim[];
  levels: Partial<Record<Level, number>>;
}[] = [
  {
    name: 'pay',
    dims: ['pay'],
    levels: { month: GRAINS.payMonth, day: GRAINS.payDay, hour: GRAINS.payHour },
  },
  {
    name: 'goodsPay',
    dims: ['goods', 'pay'],
    levels: { month: GRAINS.goodsPayMonth, day: GRAINS.goodsPayDay },
  },
  {
    name: 'machine',
    dims: ['asset'],
    levels: { month: GRAINS.machineMonth, day: GRAINS.machineDay },
  },
  { name: 'machinePay', dims: ['asset', 'pay'], levels: { month: GRAINS.machinePayMonth } },
  { name: 'machineGoods', dims: ['asset', 'goods'], levels: { month: GRAINS.machineGoodsMonth } },
];

export type Family = (typeof FAMILIES)[number];

export function chooseFamily(required: ReadonlySet<Dim>): Family | null {
  return FAMILIES.find((f) => [...required].every((d) => f.dims.includes(d))) ?? null;
}

/**
 * A half-open span of time answered at one level ('raw': from the trades), added (sign 1) or
 * taken away (sign -1: the part of a whole period that lies outside the range).
 */
export interface Span {
  level: Level | 'raw';
  from: number;
  to: number;
  sign: 1 | -1;
}

const LEVELS: readonly Level[] = ['month', 'day', 'hour'];

/** Rollup hours are UTC hours; days and months are the fleet's local ones. */
function start(level: Level, t: number, tz: string) {
  return level === 'hour' ? t - (t % 3600) : periodStart(level, t, tz);
}
function next(level: Level, s: number, tz: string) {
  return level === 'hour' ? s + 3600 : nextPeriod(level, s, tz);
}

export interface DecomposeOptions {
  /**
   * Allows a partial period at the edge to be read as the whole period less the rest of it,
   * when the rest has had less time for sales before `now` (a range ending today: the month so
   * far is the month row less the days still to come, which hold nothing yet). Exact whatever
   * the data: `now` only decides which way costs less. Not for timelines (the whole period's
   * row may belong to another timeline period).
   */
  now?: number;
}

const negate = (spans: Span[]): Span[] => spans.map((x) => ({ ...x, sign: x.sign === 1 ? -1 : 1 }));

/**
 * Splits [from, to) into whole periods of the coarsest levels available and the remainder at
 * the edges: whole months, then whole days around them, then whole hours, then seconds from
 * the trades. The spans cover [from, to) exactly: disjoint, or (with `now`) a whole period
 * with its outside part taken away.
 */
export function decompose(
  from: number,
  to: number,
  levels: readonly Level[],
  tz: string,
  o: DecomposeOptions = {},
): Span[] {
  if (from >= to) return [];
  const [level, ...finer] = LEVELS.filter((l) => levels.includes(l));
  if (!level) return [{ level: 'raw', from, to, sign: 1 }];
  const s = start(level, from, tz);
  const first = s === from ? s : next(level, s, tz);
  const last = start(level, to, tz);
  /** [a, b) inside the period [ps, pe): read at finer levels, or as the period less the rest. */
  const partial = (a: number, b: number, ps: number, pe: number): Span[] => {
    const inside = decompose(a, b, finer, tz, o);
    if (o.now === undefined) return inside;
    const elapsed = (x: number, y: number) => Math.max(0, Math.min(y, o.now!) - x);
    if (elapsed(ps, a) + elapsed(b, pe) >= elapsed(a, b)) return inside;
    return [
      { level, from: ps, to: pe, sign: 1 },
      ...negate(decompose(ps, a, finer, tz, o)),
      ...negate(decompose(b, pe, finer, tz, o)),
    ];
  };
  if (first >= last) {
    // No whole period inside: within one period, or across one boundary.
    if (s === last) return partial(from, to, s, next(level, s, tz));
    return [...partial(from, first, s, first), ...partial(last, to, last, next(level, last, tz))];
  }
  return [
    ...(from < first ? partial(from, first, s, first) : []),
    { level, from: first, to: last, sign: 1 },
    ...(last < to ? partial(last, to, last, next(level, last, tz)) : []),
  ];
}

/** Adjacent spans of one level and sign joined, so each is read with as few queries as possible. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) =>
    a.level < b.level ? -1 : a.level > b.level ? 1 : a.sign - b.sign || a.from - b.from,
  );
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && last.level === s.level && last.sign === s.sign && last.to === s.from)
      last.to = s.to;
    else out.push({ ...s });
  }
  return out;
}
