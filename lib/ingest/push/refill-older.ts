import { SETTLEMENT_ORDER } from '@/lib/sales/paystyles';

/**
 * The refill settlement's amounts as the vendor's code before V0.9 writes them: one object per
 * machine, container or shelf with a `<name>Amount` (fen) and `<name>Count` (units) pair per
 * payment name, read as V0.9's `paySales` list of `{name, sales, units}` (D72).
 */

/** Older names whose V0.9 name differs: `salesAmount` is the total, `nocash` is `cashless`. */
const RENAMED: Record<string, string> = { sales: 'total', nocash: 'cashless' };
const KNOWN = new Set<string>([...Object.keys(RENAMED), ...SETTLEMENT_ORDER]);
/** V0.9 always sends these three, whatever was sold. */
const ALWAYS = ['total', 'cash', 'cashless'];
const KEY = /^([a-z][A-Za-z0-9]*)(Amount|Count)$/;

const absent = (v: unknown) => v === undefined || v === null || v === '';

/**
 * The members of `o` that are amounts, with their kind: a known payment name's, or any name
 * sent as both `<x>Amount` and `<x>Count` (a payment name newer than this list). A lone
 * `refillCount` is a shelf's refill, not an amount.
 */
export function amountKeys(o: Record<string, unknown>): [string, 'Amount' | 'Count'][] {
  const out: [string, 'Amount' | 'Count'][] = [];
  for (const key of Object.keys(o)) {
    const m = KEY.exec(key);
    if (!m) continue;
    const [, prefix, kind] = m as unknown as [string, string, 'Amount' | 'Count'];
    const pair = kind === 'Amount' ? `${prefix}Count` : `${prefix}Amount`;
    if (KNOWN.has(prefix) || (prefix !== 'refill' && pair in o)) out.push([key, kind]);
  }
  return out;
}

/**
 * V0.9's list from an older object of amounts (already range-checked): total, cash and
 * cashless always (0 when absent, as V0.9 always carries them), any other name only when
 * something was sold under it, so that a settlement reads the same in either shape. Names
 * with nothing sold stay in the raw body.
 */
export function amountsToPaySales(o: Record<string, unknown>) {
  const byName = new Map<string, { name: string; sales: number; units: number }>(
    ALWAYS.map((name) => [name, { name, sales: 0, units: 0 }]),
  );
  for (const [key, kind] of amountKeys(o)) {
    if (absent(o[key])) continue;
    const prefix = key.slice(0, -kind.length);
    const name = RENAMED[prefix] ?? prefix;
    const line = byName.get(name) ?? { name, sales: 0, units: 0 };
    if (kind === 'Amount') line.sales = Number(o[key]);
    else line.units = Number(o[key]);
    byName.set(name, line);
  }
  return [...byName.values()].filter(
    (l) => ALWAYS.includes(l.name) || l.sales !== 0 || l.units !== 0,
  );
}
