'use client';

import Link from 'next/link';
import { useFormatter, useTranslations } from 'use-intl';
import { AlertActions } from '@/components/alerts/actions';
import { useAlertText } from '@/components/alerts/describe';
import type { AlertItem } from '@/lib/alerts/queries';
import { AlertState } from './badges';

/** Where an alert is: its machine (a link) with site and line, or the dashboard itself. */
export function AlertPlace({ alert }: { alert: AlertItem }) {
  const t = useTranslations('alerts');
  if (!alert.assetId) return <span className="text-slate-600">{t('app')}</span>;
  return (
    <span>
      <Link
        href={`/machines/${encodeURIComponent(alert.assetId)}`}
        className="text-blue-800 hover:underline"
      >
        {alert.name ?? alert.assetId}
      </Link>
      <span className="block text-xs text-slate-600">
        {[alert.assetId, alert.siteName, alert.lineName].filter(Boolean).join(' · ')}
      </span>
    </span>
  );
}

/**
 * The alerts loaded so far: cards on a phone (what, where, since when, state, buttons), a
 * table from md up.
 */
export function AlertList({
  rows,
  now,
  canAct,
}: {
  rows: AlertItem[];
  now: number;
  canAct: boolean;
}) {
  const t = useTranslations('alerts');
  const format = useFormatter();
  const { kindName, sentence, howLong } = useAlertText();
  const what = (a: AlertItem) => (
    <>
      <Link
        href={`/alerts/${a.id}`}
        className="font-medium text-blue-800 hover:underline"
        aria-label={t('open', { id: a.id })}
      >
        {kindName(a.kind)}
      </Link>
      {sentence(a) && <span className="block text-sm">{sentence(a)}</span>}
    </>
  );
  const since = (a: AlertItem) => (
    <>
      <span className="whitespace-nowrap">
        {format.dateTime(new Date(a.startedAt * 1000), 'dayTime')}
      </span>
      <span className="block text-xs text-slate-600">{howLong(a, now)}</span>
    </>
  );
  if (!rows.length) return null;
  return (
    <>
      <ul className="space-y-2 md:hidden" data-testid="alert-cards">
        {rows.map((a) => (
          <li
            key={a.id}
            className="space-y-2 rounded border border-slate-200 bg-white p-3 text-sm"
            data-testid={`alert-card-${a.id}`}
          >
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <div className="min-w-0">{what(a)}</div>
              <AlertState alert={a} />
            </div>
            <AlertPlace alert={a} />
            <p className="text-xs text-slate-600">
              {t('since', { time: format.dateTime(new Date(a.startedAt * 1000), 'dayTime') })} ·{' '}
              {howLong(a, now)}
            </p>
            {canAct && <AlertActions alert={a} compact />}
          </li>
        ))}
      </ul>
      <div className="hidden rounded border border-slate-200 bg-white md:block">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-100">
            <tr>
              <th className="px-3 py-2 font-medium">{t('columns.kind')}</th>
              <th className="px-3 py-2 font-medium">{t('columns.machine')}</th>
              <th className="px-3 py-2 font-medium">{t('columns.since')}</th>
              <th className="px-3 py-2 font-medium">{t('columns.state')}</th>
              {canAct && <th className="px-3 py-2 font-medium">{t('columns.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr
                key={a.id}
                className="border-t border-slate-100 align-top"
                data-testid={`alert-row-${a.id}`}
              >
                <td className="px-3 py-2">{what(a)}</td>
                <td className="px-3 py-2">
                  <AlertPlace alert={a} />
                </td>
                <td className="px-3 py-2">{since(a)}</td>
                <td className="px-3 py-2">
                  <AlertState alert={a} />
                </td>
                {canAct && (
                  <td className="px-3 py-2">
                    <AlertActions alert={a} compact />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
