'use client';

import Link from 'next/link';
import { useDeferredValue, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'use-intl';
import { useErrorText } from '@/components/use-error-text';
import { machinesQuery, type MachineListItem } from '@/lib/machines-query';

function matches(m: MachineListItem, q: string) {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return [m.assetId, m.name, m.siteName].some((v) => v?.toLowerCase().includes(needle));
}

export function FleetClient() {
  const t = useTranslations('fleet');
  const errorText = useErrorText();
  const format = useFormatter();
  const [q, setQ] = useState('');
  const deferred = useDeferredValue(q);
  const { data, error, dataUpdatedAt } = useQuery(machinesQuery({}));
  const items = (data?.items ?? []).filter((m) => matches(m, deferred));
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
          className="w-72 rounded border border-slate-300 bg-white px-3 py-1.5"
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
        <div className="overflow-x-auto rounded border border-slate-200 bg-white">
          <table className="min-w-full text-sm">
            <thead className="bg-slate-100 text-left">
              <tr>
                {(
                  [
                    'assetId',
                    'name',
                    'site',
                    'line',
                    'online',
                    'door',
                    'sale',
                    'soldOut',
                    'lastSeen',
                  ] as const
                ).map((c) => (
                  <th key={c} scope="col" className="px-3 py-2 font-medium">
                    {t(`columns.${c}`)}
                  </th>
                ))}
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
                      ? format.dateTime(new Date(m.lastSeenAt * 1000), {
                          dateStyle: 'short',
                          timeStyle: 'short',
                        })
                      : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {dataUpdatedAt > 0 && (
        <p className="text-xs text-slate-500">
          {t('updated', {
            time: format.dateTime(new Date(dataUpdatedAt), { timeStyle: 'medium' }),
          })}
        </p>
      )}
    </section>
  );
}
