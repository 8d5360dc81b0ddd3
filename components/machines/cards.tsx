'use client';

import { useState } from 'react';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'use-intl';
import type { MachineListItem } from '@/lib/fleet/queries';
import { SoldOutBar } from './sold-out-bar';
import { SoldOutAt } from './sold-out-at';

/** Cards drawn at first and added per "show more": a phone never lays out 5,000 at once. */
const STEP = 50;

/**
 * The machine list on a phone (below md): one card per machine, its name linked, its state
 * (online, sellable) and its key figure (sold-out shelves) visible without scrolling sideways.
 */
export function MachineCards({ items, now }: { items: MachineListItem[]; now: number }) {
  const t = useTranslations('machines');
  const format = useFormatter();
  const [shown, setShown] = useState(STEP);
  const yesNo = (v: boolean | null, yes: string, no: string) =>
    v === null ? t('state.unknown') : v ? t(yes) : t(no);
  return (
    <div className="space-y-2 md:hidden">
      <ul className="space-y-2" aria-label={t('table')}>
        {items.slice(0, shown).map((m) => (
          <li
            key={m.assetId}
            data-testid={`machine-card-${m.assetId}`}
            className="rounded border border-slate-200 bg-white p-3 text-sm"
          >
            <div className="flex items-baseline justify-between gap-2">
              <Link
                href={`/machines/${encodeURIComponent(m.assetId)}`}
                prefetch={false}
                className="min-w-0 truncate font-medium text-blue-800 underline-offset-2 hover:underline"
              >
                {m.name ?? m.assetId}
              </Link>
              <span className="shrink-0 font-mono text-xs text-slate-500">{m.assetId}</span>
            </div>
            <p className="truncate text-xs text-slate-600">
              {[m.siteName, m.lineName].filter(Boolean).join(' · ') || '—'}
            </p>
            <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1">
              <span className="flex items-center gap-1">
                <span
                  aria-hidden
                  className={`inline-block size-2 rounded-full ${m.online === null ? 'bg-slate-300' : m.online ? 'bg-green-600' : 'bg-red-600'}`}
                />
                <span className={m.online === false ? 'font-medium text-red-700' : ''}>
                  {yesNo(m.online, 'state.online', 'state.offline')}
                </span>
              </span>
              <span className={m.sellable === false ? 'font-medium text-red-700' : ''}>
                {yesNo(m.sellable, 'state.sellable', 'state.notSellable')}
              </span>
              <span className="flex items-center gap-1">
                <span className="text-xs text-slate-600">{t('columns.soldOut')}</span>
                <SoldOutBar soldOut={m.soldOutShelves} total={m.totalShelves} />
              </span>
              {m.earliestSoldOutAt !== null && (
                <span className="flex items-center gap-1">
                  <span className="text-xs text-slate-600">{t('columns.soldOutAt')}</span>
                  <SoldOutAt at={m.earliestSoldOutAt} now={now} />
                </span>
              )}
              {m.openFaults > 0 && (
                <span className="font-medium text-red-700">
                  {t('faultCount', { count: m.openFaults })}
                </span>
              )}
            </div>
            <p className="mt-1 text-xs text-slate-500">
              {t('lastSeen', {
                time: m.lastSeenAt
                  ? format.dateTime(new Date(m.lastSeenAt * 1000), 'dateTime')
                  : t('never'),
              })}
            </p>
          </li>
        ))}
      </ul>
      {items.length > shown && (
        <button
          type="button"
          onClick={() => setShown((n) => n + STEP)}
          className="w-full rounded border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-100"
        >
          {t('showMore', { shown, total: items.length })}
        </button>
      )}
    </div>
  );
}
