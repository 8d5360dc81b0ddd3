import { STAT_CATEGORIES } from '@/lib/sales/paystyles';

/**
 * Our §5.1 figures beside the platform's, per line: the totals, online/offline, each payment
 * category and "other". `diff` is theirs − ours.
 */
export const COMPARED_LINES = [
  'total',
  'online',
  'outline',
  ...STAT_CATEGORIES.map(([name]) => name),
  'other',
] as const;
export type ComparedLine = (typeof COMPARED_LINES)[number];

export interface ComparisonRow {
  line: ComparedLine;
  ours: { count: number; amount: number };
  theirs: { count: number; amount: number };
  countDiff: number;
  amountDiff: number;
}

const figure = (s: Record<string, number>, line: ComparedLine) =>
  line === 'total'
    ? { count: s.count ?? 0, amount: s.amount ?? 0 }
    : { count: s[`${line}Count`] ?? 0, amount: s[`${line}Amount`] ?? 0 };

export function compareStatistics(ours: Record<string, number>, theirs: Record<string, number>) {
  const rows: ComparisonRow[] = COMPARED_LINES.map((line) => {
    const o = figure(ours, line);
    const t = figure(theirs, line);
    return {
      line,
      ours: o,
      theirs: t,
      countDiff: t.count - o.count,
      amountDiff: t.amount - o.amount,
    };
  });
  const differs = rows.some((r) => r.countDiff !== 0 || r.amountDiff !== 0);
  const total = rows[0]!;
  const game = rows.find((r) => r.line === 'game')!;
  return {
    rows,
    differs,
    countDiff: total.countDiff + game.countDiff,
    amountDiff: total.amountDiff + game.amountDiff,
  };
}

/** Only the figures §5.1 names (ours has refundAmount and both spellings too). */
export function statisticFigures(s: Record<string, number>) {
  const out: Record<string, number> = { count: s.count ?? 0, amount: s.amount ?? 0 };
  for (const line of COMPARED_LINES.slice(1)) {
    out[`${line}Count`] = s[`${line}Count`] ?? 0;
    out[`${line}Amount`] = s[`${line}Amount`] ?? 0;
  }
  return out;
}
