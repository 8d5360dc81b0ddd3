import 'server-only';
import type { TablePlan } from './plan';
import { quote, type SourceValue } from './source';

/** One figure compared between the two databases: an aggregate written once per engine. */
export interface Check {
  /** What a mismatch names: `rows`, or `<column>: <what>`. */
  label: string;
  sqlite: string;
  pg: string;
}

const INTEGER = new Set(['smallint', 'integer', 'bigint']);
const BYTES = new Set(['text', 'character varying', 'character', 'bytea']);

/**
 * What is compared per table: the row count; per column the count of values that are not
 * NULL; the sum of every integer and boolean column (money in fen, times, counts); and the
 * total bytes of every text and binary column, which catches a value cut short, an escape
 * gone wrong or text that was not UTF-8. JSON columns are compared by count only (jsonb
 * rewrites whitespace), floating-point ones too (the order of a float sum changes its last bits).
 */
export function checks(p: TablePlan): Check[] {
  const out: Check[] = [{ label: 'rows', sqlite: 'count(*)', pg: 'count(*)' }];
  p.columns.forEach((name, i) => {
    const c = quote(name);
    const type = p.types[i]!;
    out.push({ label: `${name}: values`, sqlite: `count(${c})`, pg: `count(${c})` });
    if (INTEGER.has(type))
      out.push({ label: `${name}: sum`, sqlite: `sum(${c})`, pg: `sum(${c})` });
    else if (type === 'boolean') {
      out.push({ label: `${name}: sum`, sqlite: `sum(${c})`, pg: `sum(${c}::int)` });
    } else if (BYTES.has(type)) {
      out.push({
        label: `${name}: bytes`,
        sqlite: `sum(length(CAST(${c} AS BLOB)))`,
        pg: `sum(octet_length(${c}))`,
      });
    }
  });
  return out;
}

export interface Mismatch {
  table: string;
  label: string;
  source: string;
  target: string;
}

/** Pairs the two engines' answers; NULL (a sum over no rows) reads as 0. */
export function compare(
  table: string,
  list: Check[],
  source: SourceValue[],
  target: (string | null)[],
): Mismatch[] {
  const norm = (v: unknown) => (v === null || v === undefined ? '0' : String(v));
  return list.flatMap((c, i) => {
    const s = norm(source[i]);
    const t = norm(target[i]);
    return s === t ? [] : [{ table, label: c.label, source: s, target: t }];
  });
}

export const describeMismatch = (m: Mismatch) =>
  `${m.table}.${m.label}: ${m.source} in the source, ${m.target} in the target`;
