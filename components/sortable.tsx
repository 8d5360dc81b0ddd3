'use client';

import { useState } from 'react';
import { useTranslations } from 'use-intl';

export type SortDir = 'asc' | 'desc';
export interface SortState<K extends string> {
  key: K;
  dir: SortDir;
}

type Value = string | number | null | undefined;

/**
 * A list sorted in the browser by one column at a time (the rows a page already holds):
 * click a header to sort by it, again to reverse. Empty values go last either way; text
 * compares in the reader's language.
 */
export function useSorted<T, K extends string>(
  rows: readonly T[],
  value: (row: T, key: K) => Value,
  initial: SortState<K>,
  locale: string,
) {
  const [sort, setSort] = useState(initial);
  const collator = new Intl.Collator(locale, { numeric: true });
  const sorted = [...rows].sort((a, b) => {
    const x = value(a, sort.key);
    const y = value(b, sort.key);
    if (x == null || y == null) return x == null ? (y == null ? 0 : 1) : -1;
    const c =
      typeof x === 'number' && typeof y === 'number'
        ? x - y
        : collator.compare(String(x), String(y));
    return sort.dir === 'asc' ? c : -c;
  });
  const toggle = (key: K, firstDir: SortDir = 'asc') =>
    setSort((s) =>
      s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: firstDir },
    );
  return { sorted, sort, toggle };
}

/** A column header that sorts its table; aria-sort says the order, the title what a click does. */
export function SortHeader<K extends string>({
  column,
  label,
  sort,
  onSort,
  align = 'left',
}: {
  column: K;
  label: string;
  sort: SortState<K>;
  onSort: (key: K) => void;
  align?: 'left' | 'right';
}) {
  const t = useTranslations('common');
  const active = sort.key === column;
  return (
    <th
      scope="col"
      aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
      className={`px-3 py-2 font-medium whitespace-nowrap ${align === 'right' ? 'text-right' : 'text-left'}`}
    >
      <button
        type="button"
        onClick={() => onSort(column)}
        title={t('sortBy', { column: label })}
        className="-mx-1 inline-flex items-center gap-1 rounded px-1 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-blue-600"
      >
        {label}
        <span aria-hidden className={active ? '' : 'text-slate-400'}>
          {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}
