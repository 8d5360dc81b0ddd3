import { GRAINS } from '@/db/schema/rollups';
import type { Level } from '@/db/rollups';
import { nextPeriod, periodStart } from '@/lib/domain/periods';

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

/** A half-open span of time answered at one level ('raw': from the trades). */
export interface Span {
  level: Level | 'raw';
  from: number;
  to: number;
}

const LEVELS: readonly Level[] = ['month', 'day', 'hour'];

/** Rollup hours are UTC hours; days and months are the fleet's local ones. */
function start(level: Level, t: number, tz: string) {
  return level === 'hour' ? t - (t % 3600) : periodStart(level, t, tz);
}
function next(level: Level, s: number, tz: string) {
  return level === 'hour' ? s + 3600 : nextPeriod(level, s, tz);
}

/**
 * Splits [from, to) into whole periods of the coarsest levels available and the remainder at
 * the edges: whole months, then whole days around them, then whole hours, then seconds from
 * the trades. The spans are disjoint and cover [from, to) exactly.
 */
export function decompose(from: number, to: number, levels: readonly Level[], tz: string): Span[] {
  if (from >= to) return [];
  const [level, ...finer] = LEVELS.filter((l) => levels.includes(l));
  if (!level) return [{ level: 'raw', from, to }];
  const s = start(level, from, tz);
  const first = s === from ? s : next(level, s, tz);
  const last = start(level, to, tz);
  if (first >= last) return decompose(from, to, finer, tz);
  return [
    ...decompose(from, first, finer, tz),
    { level, from: first, to: last },
    ...decompose(last, to, finer, tz),
  ];
}

/** Adjacent spans of one level joined, so each level is read with as few queries as possible. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) =>
    a.level < b.level ? -1 : a.level > b.level ? 1 : a.from - b.from,
  );
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && last.level === s.level && last.to === s.from) last.to = s.to;
    else out.push({ ...s });
  }
  return out;
}
