'use client';

import Link from 'next/link';
import { useLocale, useTranslations } from 'use-intl';
import { quietButtonClass } from '@/components/form';
import { SortHeader, useSorted } from '@/components/sortable';
import { formatFen } from '@/lib/money';
import type { SalesReport } from '@/lib/sales/queries';

type Row = SalesReport['machines']['items'][number];
const TEXT = ['assetId', 'machine', 'site', 'line'] as const;
const MONEY = ['units', 'gross', 'refunds', 'net'] as const;
type Key = (typeof TEXT)[number] | (typeof MONEY)[number];

const valueOf = (m: Row, k: Key) =>
  k === 'machine' ? m.name : k === 'site' ? m.siteName : k === 'line' ? m.lineName : m[k];

/**
 * The machines of the report, sortable by any column (highest net first), each linked to its
 * page and to its trades over the report's range. Cards on a phone, a table from md up.
 */
export function Machines({ report, onShowAll }: { report: SalesReport; onShowAll: () => void }) {
  const t = useTranslations('sales');
  const locale = useLocale();
  const { items, total } = report.machines;
  const { sorted, sort, toggle } = useSorted<Row, Key>(
    items,
    valueOf,
    { key: 'net', dir: 'desc' },
    locale,
  );
  const money = (fen: number) => formatFen(fen, locale);
  const tradesHref = (m: Row) =>
    `/trades?${new URLSearchParams({ assetId: m.assetId, from: String(report.startTime), to: String(report.endTime) })}`;
  const machineLink = (m: Row) => (
    <Link
      href={`/machines/${encodeURIComponent(m.assetId)}`}
      className="font-medium text-blue-800 hover:underline"
    >
      {m.name ?? m.assetId}
    </Link>
  );
  const tradesLink = (m: Row) => (
    <Link
      href={tradesHref(m)}
      className="text-blue-800 hover:underline"
      aria-label={t('machines.tradesOf', { name: m.name ?? m.assetId })}
    >
      {t('machines.trades')}
    </Link>
  );

  return (
    <section aria-labelledby="machines-heading" className="space-y-2">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="machines-heading" className="font-medium">
          {t('machines.heading')}{' '}
          <span className="text-sm font-normal text-slate-600">
            {t('machines.count', { shown: items.length, total })}
          </span>
        </h2>
        {items.length < total && (
          <button type="button" className={quietButtonClass} onClick={onShowAll}>
            {t('machines.showAll')}
          </button>
        )}
      </div>
      {!items.length && <p className="text-sm text-slate-600">{t('empty')}</p>}
      <ul className="space-y-2 md:hidden">
        {sorted.map((m) => (
          <li
            key={m.assetId}
            className="rounded border border-slate-200 bg-white p-3 text-sm"
            data-testid={`machine-card-${m.assetId}`}
          >
            <div className="flex items-baseline justify-between gap-2">
              {machineLink(m)}
              <span className="font-semibold tabular-nums">{money(m.net)}</span>
            </div>
            <p className="text-xs text-slate-600">
              {[m.assetId, m.siteName, m.lineName].filter(Boolean).join(' · ')}
            </p>
            <p className="mt-1 flex flex-wrap justify-between gap-x-3 text-xs tabular-nums">
              <span>
                {t('columns.units')} {m.units} · {t('columns.gross')} {money(m.gross)} ·{' '}
                {t('columns.refunds')} {money(m.refunds)}
              </span>
              {tradesLink(m)}
            </p>
          </li>
        ))}
      </ul>
      {items.length > 0 && (
        <div className="hidden overflow-x-auto rounded border border-slate-200 bg-white md:block">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-100">
              <tr>
                {[...TEXT, ...MONEY].map((k) => (
                  <SortHeader
                    key={k}
                    column={k}
                    label={t(`columns.${k}`)}
                    sort={sort}
                    onSort={(c) =>
                      toggle(c, (MONEY as readonly string[]).includes(c) ? 'desc' : 'asc')
                    }
                    align={(MONEY as readonly string[]).includes(k) ? 'right' : 'left'}
                  />
                ))}
                <th scope="col" className="px-3 py-2 font-medium">
                  <span className="sr-only">{t('machines.trades')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((m) => (
                <tr
                  key={m.assetId}
                  className="border-t border-slate-100"
                  data-testid={`machine-${m.assetId}`}
                >
                  <td className="px-3 py-1.5 font-mono">{m.assetId}</td>
                  <td className="px-3 py-1.5">{machineLink(m)}</td>
                  <td className="px-3 py-1.5">{m.siteName ?? '—'}</td>
                  <td className="px-3 py-1.5">{m.lineName ?? '—'}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">{m.units}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">{money(m.gross)}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">{money(m.refunds)}</td>
                  <td className="px-3 py-1.5 text-right font-medium tabular-nums">
                    {money(m.net)}
                  </td>
                  <td className="px-3 py-1.5 whitespace-nowrap">{tradesLink(m)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
