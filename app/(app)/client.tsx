'use client';

import Link from 'next/link';
import { useDeferredValue, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'use-intl';
import { useErrorText } from '@/components/use-error-text';
import { machinesQuery } from '@/lib/fleet/queries';
import { MachineCards } from '@/components/machines/cards';
import {
  FLEET_COLUMNS as COLUMNS,
  FLEET_DESC_FIRST as DESC_FIRST,
  matches,
  sortFleet as sortItems,
  type FleetColumn as Column,
} from '@/lib/fleet/sort';

export function FleetClient() {
  const t = useTranslations('fleet');
  const errorText = useErrorText();
  const format = useFormatter();
  const [q, setQ] = useState('');
  const deferred = useDeferredValue(q);
  const { data, error, dataUpdatedAt } = useQuery(machinesQuery({}));
  const [sort, setSort] = useState<{ by: Column; dir: 'asc' | 'desc' }>({
    by: 'assetId',
    dir: 'asc',
  });
  const items = sortItems(
    (data?.items ?? []).filter((m) => matches(m, deferred)),
    sort.by,
    sort.dir,
  );
  const toggle = (by: Column) =>
    setSort((s) =>
      s.by === by
        ? { by, dir: s.dir === 'asc' ? 'desc' : 'asc' }
        : { by, dir: DESC_FIRST.includes(by) ? 'desc' : 'asc' },
    );
  const online = data?.items.filter((m) => m.online === true).length ?? 0;
  const offline = data?.items.filter((m) => m.online === false).length ?? 0;
  const yesNo = (v: boolean | null, yes: string, no: string) =>
    v === null ? t('state.unknown') : v ? t(yes) : t(no);

  return (
    <section aria-labelledby="fleet-heading" className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 id="fleet-heading" className="text-xl font-semibold">
            {t('heading')}
          </h1>
          <p className="text-sm text-slate-600" data-testid="fleet-summary">
            {t('summary', { total: data?.total ?? 0, online, offline })}
          </p>
        </div>
        <input
          type="search"
          aria-label={t('search')}
          placeholder={t('search')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          className="w-full rounded border border-slate-300 bg-white px-3 py-1.5 sm:w-72"
        />
      </div>
      {error && (
        <p role="alert" className="text-red-700">
          {t('loadError', { message: errorText(error) })}
        </p>
      )}
      {data && data.total === 0 ? (
        <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          {t('empty')}
        </p>
      ) : (
        <>
          <MachineCards items={items} now={Math.floor(dataUpdatedAt / 1000)} />
          <div className="hidden overflow-x-auto rounded border border-slate-200 bg-white md:block">
            <table className="min-w-full text-sm">
              <thead className="bg-slate-100 text-left">
                <tr>
                  {COLUMNS.map((c) => {
                    const active = sort.by === c;
                    return (
                      <th
                        key={c}
                        scope="col"
                        className="px-3 py-2 font-medium whitespace-nowrap"
                        aria-sort={
                          active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined
                        }
                      >
                        <button
                          type="button"
                          onClick={() => toggle(c)}
                          title={t('sortBy', { column: t(`columns.${c}`) })}
                          className="-mx-1 flex items-center gap-1 rounded px-1 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-blue-600"
                        >
                          {t(`columns.${c}`)}
                          <span aria-hidden className={active ? '' : 'text-slate-400'}>
                            {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
                          </span>
                        </button>
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody>
                {items.map((m) => (
                  <tr
                    key={m.assetId}
                    className="border-t border-slate-100"
                    data-testid={`machine-${m.assetId}`}
                  >
                    <td className="px-3 py-2 font-mono">
                      <Link
                        href={`/machines/${encodeURIComponent(m.assetId)}`}
                        className="text-blue-800 underline hover:text-blue-600"
                      >
                        {m.assetId}
                      </Link>
                    </td>
                    <td className="px-3 py-2">
                      {m.name ?? '—'}
                      {m.incomplete && (
                        <span className="ml-2 rounded bg-amber-100 px-1.5 text-xs text-amber-800">
                          {t('state.incomplete')}
                        </span>
                      )}
                    </td>
                    <td className="px-3 py-2">{m.siteName ?? '—'}</td>
                    <td className="px-3 py-2">{m.lineName ?? '—'}</td>
                    <td
                      className={`px-3 py-2 ${m.online === false ? 'font-medium text-red-700' : ''}`}
                    >
                      {yesNo(m.online, 'state.online', 'state.offline')}
                    </td>
                    <td className="px-3 py-2">{yesNo(m.doorOpen, 'state.open', 'state.closed')}</td>
                    <td className="px-3 py-2">
                      {yesNo(m.sellable, 'state.sellable', 'state.notSellable')}
                    </td>
                    <td className="px-3 py-2 tabular-nums">
                      {m.soldOutShelves} / {m.totalShelves}
                    </td>
                    <td className="px-3 py-2 tabular-nums">
                      {m.lastSeenAt
                        ? format.dateTime(new Date(m.lastSeenAt * 1000), 'dayTime')
                        : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {dataUpdatedAt > 0 && (
        <p className="text-xs text-slate-500">
          {t('updated', {
            time: format.dateTime(new Date(dataUpdatedAt), 'timeSeconds'),
          })}
        </p>
      )}
    </section>
  );
}
