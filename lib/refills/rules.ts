import { CASH_PAY_STYLE, SETTLEMENT_ORDER, settlementName } from '@/lib/sales/paystyles';

/** Units and sales (fen) under one §8.1 paySales name. */
export interface Amounts {
  units: number;
  sales: number;
}

/**
 * One line of a reconciliation, seen from the settlement: `over` when the machine reported
 * more than our trades account for, `short` when less, `missing` when it reported sales for
 * which we hold no trade at all.
 */
export type LineStatus = 'matched' | 'over' | 'short' | 'missing';

/** What the visit as a whole comes to. */
export type Verdict = 'matched' | 'variance' | 'trades_missing';

export interface Line {
  name: string;
  expected: Amounts;
  reported: Amounts;
  /** reported − expected */
  difference: Amounts;
  status: LineStatus;
}

const ZERO: Amounts = { units: 0, sales: 0 };

export function compareLine(expected: Amounts, reported: Amounts): LineStatus {
  const du = reported.units - expected.units;
  const ds = reported.sales - expected.sales;
  if (du === 0 && ds === 0) return 'matched';
  if (expected.units === 0 && expected.sales === 0) return 'missing';
  // Units decide; equal units with different money is a price difference, signed the same way.
  const sign = du !== 0 ? du : ds;
  return sign > 0 ? 'over' : 'short';
}

/**
 * The verdict from every line: matched when all agree; trades missing when every difference
 * is the machine having sold more items, for at least as much money, than our trades show
 * (pushes not received: a §3.2 pull of the window should close it); a variance otherwise.
 */
export function verdictOf(lines: readonly Line[]): Verdict {
  const off = lines.filter((l) => l.status !== 'matched');
  if (off.length === 0) return 'matched';
  const lost = off.every((l) => l.difference.units > 0 && l.difference.sales >= 0);
  return lost ? 'trades_missing' : 'variance';
}

/** Our trades of one shelf (or of the machine) by payStyle → the §8.1 names, with the sums. */
export function expectedByName(
  trades: readonly { payStyle: number | null; units: number; sales: number }[],
): Map<string, Amounts> {
  const out = new Map<string, Amounts>();
  const add = (name: string, a: Amounts) => {
    const seen = out.get(name) ?? { ...ZERO };
    seen.units += a.units;
    seen.sales += a.sales;
    out.set(name, seen);
  };
  for (const t of trades) {
    const a = { units: t.units, sales: t.sales };
    add('total', a);
    if (t.payStyle !== CASH_PAY_STYLE) add('cashless', a);
    add(settlementName(t.payStyle), a); // "cash" for cash
  }
  return out;
}

const ORDER = new Map<string, number>(SETTLEMENT_ORDER.map((name, i) => [name, i]));
const rank = (name: string) => ORDER.get(name) ?? SETTLEMENT_ORDER.length;

/**
 * Expected against reported, name by name: every name either side has, and always total, cash
 * and cashless (§8.1 sends those three whatever was sold), in §8.1's order.
 */
export function compareNames(
  expected: ReadonlyMap<string, Amounts>,
  reported: ReadonlyMap<string, Amounts>,
): Line[] {
  const names = new Set(['total', 'cash', 'cashless', ...expected.keys(), ...reported.keys()]);
  return [...names]
    .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1))
    .map((name) => {
      const e = expected.get(name) ?? ZERO;
      const r = reported.get(name) ?? ZERO;
      return {
        name,
        expected: e,
        reported: r,
        difference: { units: r.units - e.units, sales: r.sales - e.sales },
        status: compareLine(e, r),
      };
    });
}

/** The first of several reported rows per name counts (a settlement should send each once). */
export function reportedByName(rows: readonly { name: string; units: number; sales: number }[]) {
  const out = new Map<string, Amounts>();
  for (const r of rows) if (!out.has(r.name)) out.set(r.name, { units: r.units, sales: r.sales });
  return out;
}

/** Coins (§4.1 counts of 5-jiao and 1-yuan coins) as fen. */
export const coinValue = (c: { coin5: number | null; coin10: number | null }) =>
  (c.coin5 ?? 0) * 50 + (c.coin10 ?? 0) * 100;
