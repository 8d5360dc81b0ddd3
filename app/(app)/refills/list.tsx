'use client';

import Link from 'next/link';
import { useFormatter, useLocale, useTranslations } from 'use-intl';
import { SortHeader, useSorted } from '@/components/sortable';
import { formatFen } from '@/lib/money';
import type { VisitItem } from '@/lib/refills/queries';
import { SourceBadge, VerdictBadge } from './badges';

const COLUMNS = [
  'to',
  'machine',
  'site',
  'line',
  'from',
  'reported',
  'cash',
  'cashless',
  'expected',
  'verdict',
  'review',
] as const;
type Key = (typeof COLUMNS)[number];
const NUMERIC = new Set<Key>(['to', 'from', 'reported', 'cash', 'cashless', 'expected']);

const valueOf = (v: VisitItem, k: Key) => {
  switch (k) {
    case 'to':
      return v.refillTime;
    case 'from':
      return v.lastRefillTime;
    case 'machine':
      return v.machineName ?? v.assetId;
    case 'site':
      return v.siteName;
    case 'line':
      return v.lineName;
    case 'reported':
      return v.total?.sales;
    case 'cash':
      return v.cash?.sales;
    case 'cashless':
      return v.cashless?.sales;
    case 'expected':
      return v.expected.sales;
    case 'verdict':
      return v.verdict;
    case 'review':
      return v.review ? 1 : 0;
  }
};

/** Where a visit's trades are: its own window on the trades page. */
const tradesHref = (v: VisitItem) => `/trades?refillId=${v.id}`;

/**
 * The visits loaded so far: cards on a phone with what was reported, what our trades say and
 * the verdict in view; from md up a table sortable by any column (newest first).
 */
export function VisitList({ rows }: { rows: VisitItem[] }) {
  const t = useTranslations('refills');
  const locale = useLocale();
  const format = useFormatter();
  const { sorted, sort, toggle } = useSorted<VisitItem, Key>(
    rows,
    valueOf,
    { key: 'to', dir: 'desc' },
    locale,
  );
  const when = (s: number | null) =>
    s === null ? '—' : format.dateTime(new Date(s * 1000), 'dateTime');
  const money = (fen: number | undefined) => (fen === undefined ? '—' : formatFen(fen, locale));
  const open = (v: VisitItem) => (
    <Link
      href={`/refills/${v.id}`}
      className="font-medium text-blue-800 hover:underline"
      aria-label={t('open', { id: v.id })}
    >
      {when(v.refillTime)}
    </Link>
  );
  const review = (v: VisitItem) =>
    v.review ? (
      <span title={v.review.note}>
        ✓ {t('reviewed')} · {v.review.reviewedBy}
      </span>
    ) : (
      <span className="text-slate-500">{t('notReviewed')}</span>
    );
  if (!rows.length) return null;
  return (
    <>
      <ul className="space-y-2 md:hidden" data-testid="visit-cards">
        {sorted.map((v) => (
          <li
            key={v.id}
            className="space-y-1 rounded border border-slate-200 bg-white p-3 text-sm"
            data-testid={`visit-card-${v.id}`}
          >
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              {open(v)}
              <VerdictBadge verdict={v.verdict} />
            </div>
            <p>
              <Link
                href={`/machines/${encodeURIComponent(v.assetId)}`}
                // Underlined: it sits in a line of text (site, line), so colour alone would not
                // tell it apart (axe link-in-text-block).
                className="text-blue-800 underline underline-offset-2"
              >
                {v.machineName ?? v.assetId}
              </Link>
              <span className="text-xs text-slate-600">
                {' '}
                {[v.siteName, v.lineName].filter(Boolean).join(' · ')}
              </span>
              {v.source === 'pull' && <SourceBadge source={v.source} />}
            </p>
            <dl className="grid grid-cols-2 gap-x-3 tabular-nums">
              <dt className="text-xs text-slate-600">{t('list.reported')}</dt>
              <dt className="text-xs text-slate-600">{t('list.expected')}</dt>
              <dd>
                {v.total
                  ? `${money(v.total.sales)} · ${t('list.units', { units: v.total.units })}`
                  : '—'}
              </dd>
              <dd>
                {money(v.expected.sales)} · {t('list.units', { units: v.expected.units })}
              </dd>
            </dl>
            <p className="flex flex-wrap justify-between gap-2 text-xs">
              {review(v)}
              <Link href={tradesHref(v)} className="text-blue-800 hover:underline">
                {t('list.trades')}
              </Link>
            </p>
          </li>
        ))}
      </ul>
      <div className="hidden overflow-x-auto rounded border border-slate-200 bg-white md:block">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-100">
            <tr>
              {COLUMNS.map((k) => (
                <SortHeader
                  key={k}
                  column={k}
                  label={t(`columns.${k}`)}
                  sort={sort}
                  onSort={(c) => toggle(c, NUMERIC.has(c) ? 'desc' : 'asc')}
                />
              ))}
            </tr>
          </thead>
          <tbody>
            {sorted.map((v) => (
              <tr key={v.id} className="border-t border-slate-100" data-testid={`visit-${v.id}`}>
                <td className="px-3 py-2 whitespace-nowrap">
                  {open(v)}
                  {v.source === 'pull' && <SourceBadge source={v.source} />}
                </td>
                <td className="px-3 py-2">
                  <Link
                    href={`/machines/${encodeURIComponent(v.assetId)}`}
                    className="text-blue-800 hover:underline"
                  >
                    {v.machineName ?? v.assetId}
                  </Link>
                  <span className="block font-mono text-xs text-slate-500">{v.assetId}</span>
                </td>
                <td className="px-3 py-2">{v.siteName ?? '—'}</td>
                <td className="px-3 py-2">{v.lineName ?? '—'}</td>
                <td className="px-3 py-2 whitespace-nowrap">{when(v.lastRefillTime)}</td>
                <td className="px-3 py-2 tabular-nums">
                  {v.total ? `${money(v.total.sales)} · ${v.total.units}` : '—'}
                </td>
                <td className="px-3 py-2 tabular-nums">{money(v.cash?.sales)}</td>
                <td className="px-3 py-2 tabular-nums">{money(v.cashless?.sales)}</td>
                <td className="px-3 py-2 tabular-nums">
                  {money(v.expected.sales)} · {v.expected.units}
                </td>
                <td className="px-3 py-2">
                  <VerdictBadge verdict={v.verdict} />
                  <Link
                    href={tradesHref(v)}
                    className="mt-1 block text-xs text-blue-800 hover:underline"
                  >
                    {t('list.trades')}
                  </Link>
                </td>
                <td className="px-3 py-2 text-xs">{review(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
