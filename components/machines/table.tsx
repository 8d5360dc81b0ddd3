'use client';

import { useRef } from 'react';
import Link from 'next/link';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useFormatter, useTranslations } from 'use-intl';
import type { MachineSort, SortDir } from '@/lib/fleet/filter';
import type { MachineListItem } from '@/lib/fleet/queries';
import { SoldOutBar } from './sold-out-bar';
import { SoldOutAt } from './sold-out-at';

type ColumnId =
  | 'assetId'
  | 'name'
  | 'site'
  | 'line'
  | 'online'
  | 'sale'
  | 'faults'
  | 'soldOut'
  | 'soldOutAt'
  | 'lastSeen';
const COLUMNS: readonly { id: ColumnId; sort?: MachineSort; width: string }[] = [
  { id: 'assetId', sort: 'assetId', width: '7.5rem' },
  { id: 'name', sort: 'name', width: 'minmax(9rem, 2fr)' },
  { id: 'site', sort: 'site', width: 'minmax(7rem, 1.5fr)' },
  { id: 'line', sort: 'line', width: 'minmax(7rem, 1.5fr)' },
  { id: 'online', width: '5.5rem' },
  { id: 'sale', width: '6.5rem' },
  { id: 'faults', width: '5.5rem' },
  { id: 'soldOut', sort: 'soldOut', width: '8.5rem' },
  { id: 'soldOutAt', sort: 'soldOutAt', width: '8.5rem' },
  { id: 'lastSeen', sort: 'lastSeen', width: '8.5rem' },
];
/** The columns' minimum widths add up to 74rem (min-w-[74rem] below): a desk shows every
 * column, a tablet scrolls the table sideways; a phone gets cards instead. */
const GRID = { gridTemplateColumns: COLUMNS.map((c) => c.width).join(' ') };
/** Fixed row height: tall enough to touch on a tablet, and no measuring while scrolling. */
const ROW_HEIGHT = 44;
/** Counts and times read best largest/newest first. */
const DESC_FIRST: readonly MachineSort[] = ['soldOut', 'lastSeen'];

export interface SortState {
  sort: MachineSort;
  dir: SortDir;
}

/**
 * The list as an ARIA table of div rows: only the rows in view (plus a margin) are in the DOM,
 * each saying its place with aria-rowindex, so 5,000 machines scroll smoothly and a screen
 * reader still hears "row 812 of 5,001".
 */
export function MachineTable(props: {
  items: MachineListItem[];
  sort: SortState;
  onSort: (next: SortState) => void;
  busy: boolean;
  /** When the list was read (epoch seconds): "in about 9 h" counts from it. */
  now: number;
}) {
  const t = useTranslations('machines');
  const format = useFormatter();
  const scrollRef = useRef<HTMLDivElement>(null);
  // The app is not built with the React Compiler, so nothing memoises the virtualiser's methods.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: props.items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // The server renders the first rows too (as the client's first render will).
    initialRect: { width: 1024, height: 600 },
  });

  const toggle = (sort: MachineSort) =>
    props.onSort(
      props.sort.sort === sort
        ? { sort, dir: props.sort.dir === 'asc' ? 'desc' : 'asc' }
        : { sort, dir: DESC_FIRST.includes(sort) ? 'desc' : 'asc' },
    );
  const stateText = (online: boolean | null) =>
    online === null ? t('state.unknown') : online ? t('state.online') : t('state.offline');

  return (
    <div
      ref={scrollRef}
      role="table"
      aria-label={t('table')}
      aria-rowcount={props.items.length + 1}
      aria-colcount={COLUMNS.length}
      aria-busy={props.busy}
      tabIndex={0}
      className="max-h-[70vh] overflow-auto rounded border border-slate-200 bg-white text-sm focus-visible:outline-2 focus-visible:outline-blue-600"
    >
      <div role="rowgroup" className="sticky top-0 z-10 min-w-[74rem] bg-slate-100">
        <div role="row" aria-rowindex={1} className="grid" style={GRID}>
          {COLUMNS.map((c) => {
            const active = c.sort !== undefined && props.sort.sort === c.sort;
            return (
              <div
                key={c.id}
                role="columnheader"
                aria-sort={
                  active ? (props.sort.dir === 'asc' ? 'ascending' : 'descending') : undefined
                }
                className="px-3 py-2 text-left font-medium"
              >
                {c.sort ? (
                  // Named by the column alone (a screen reader repeats the header at each cell);
                  // aria-sort above says the order, the title what a click does.
                  <button
                    type="button"
                    onClick={() => toggle(c.sort!)}
                    title={t('sortBy', { column: t(`columns.${c.id}`) })}
                    className="-mx-1 flex items-center gap-1 rounded px-1 text-left hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-blue-600"
                  >
                    {t(`columns.${c.id}`)}
                    <span aria-hidden className={active ? '' : 'text-slate-400'}>
                      {active ? (props.sort.dir === 'asc' ? '▲' : '▼') : '↕'}
                    </span>
                  </button>
                ) : (
                  t(`columns.${c.id}`)
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div
        role="rowgroup"
        className="relative min-w-[74rem]"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualizer.getVirtualItems().map((v) => {
          const m = props.items[v.index]!;
          return (
            <div
              key={m.assetId}
              role="row"
              aria-rowindex={v.index + 2}
              data-testid={`machine-${m.assetId}`}
              className="absolute left-0 top-0 grid w-full items-center border-t border-slate-100 hover:bg-slate-50"
              style={{ ...GRID, height: ROW_HEIGHT, transform: `translateY(${v.start}px)` }}
            >
              <div role="cell" className="truncate px-3">
                <Link
                  href={`/machines/${encodeURIComponent(m.assetId)}`}
                  prefetch={false}
                  className="rounded font-mono text-blue-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600"
                >
                  {m.assetId}
                </Link>
              </div>
              <div role="cell" className="truncate px-3" title={m.name ?? undefined}>
                {m.name ?? '—'}
                {m.incomplete && (
                  <span className="ml-2 rounded bg-amber-100 px-1.5 text-xs text-amber-800">
                    {t('state.incomplete')}
                  </span>
                )}
              </div>
              <div role="cell" className="truncate px-3" title={m.siteName ?? undefined}>
                {m.siteName ?? '—'}
              </div>
              <div role="cell" className="truncate px-3" title={m.lineName ?? undefined}>
                {m.lineName ?? '—'}
              </div>
              <div role="cell" className="flex items-center gap-1.5 px-3">
                <span
                  aria-hidden
                  className={`inline-block size-2 rounded-full ${m.online === null ? 'bg-slate-300' : m.online ? 'bg-green-600' : 'bg-red-600'}`}
                />
                <span className={m.online === false ? 'font-medium text-red-700' : ''}>
                  {stateText(m.online)}
                </span>
              </div>
              <div
                role="cell"
                className={`truncate px-3 ${m.sellable === false ? 'font-medium text-red-700' : ''}`}
              >
                {m.sellable === null
                  ? t('state.unknown')
                  : m.sellable
                    ? t('state.sellable')
                    : t('state.notSellable')}
              </div>
              <div
                role="cell"
                className={`px-3 tabular-nums ${m.openFaults > 0 ? 'font-medium text-red-700' : 'text-slate-500'}`}
              >
                {m.openFaults > 0 ? m.openFaults : t('noFaults')}
              </div>
              <div role="cell" className="px-3">
                <SoldOutBar soldOut={m.soldOutShelves} total={m.totalShelves} />
              </div>
              <div role="cell" className="truncate px-3 tabular-nums">
                <SoldOutAt at={m.earliestSoldOutAt} now={props.now} />
              </div>
              <div role="cell" className="truncate px-3 tabular-nums">
                {m.lastSeenAt
                  ? format.dateTime(new Date(m.lastSeenAt * 1000), 'dayTime')
                  : t('never')}
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
