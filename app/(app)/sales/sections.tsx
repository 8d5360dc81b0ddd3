'use client';

import { useFormatter, useLocale, useTranslations } from 'use-intl';
import { DataTable } from '@/components/data-table';
import { RankingChart } from '@/components/charts/ranking-chart';
import { TimelineChart } from '@/components/charts/timeline-chart';
import { formatFen } from '@/lib/money';
import type { SalesReport } from '@/lib/sales/queries';
import { GRANULARITIES, type Granularity } from '@/lib/sales/filters';
import { payStyleName, type Translate } from '@/lib/sales/labels';

interface MoneyRow {
  units: number;
  gross: number;
  refunds: number;
  net: number;
}

function MoneyCells({ row }: { row: MoneyRow }) {
  const locale = useLocale();
  return (
    <>
      <td className="px-3 py-1.5 tabular-nums">{row.units}</td>
      <td className="px-3 py-1.5 tabular-nums">{formatFen(row.gross, locale)}</td>
      <td className="px-3 py-1.5 tabular-nums">{formatFen(row.refunds, locale)}</td>
      <td className="px-3 py-1.5 font-medium tabular-nums">{formatFen(row.net, locale)}</td>
    </>
  );
}

function useMoneyHeaders() {
  const t = useTranslations('sales.columns');
  return [t('units'), t('gross'), t('refunds'), t('net')];
}

/** The app's named formats (lib/i18n/formats.ts): an hour with its day, a day, a week's first date. */
const PERIOD_FORMAT = {
  hour: 'dayTime',
  day: 'day',
  week: 'date',
} as const satisfies Record<Granularity, string>;

export function Timeline({
  report,
  hourAllowed,
  onGranularity,
}: {
  report: SalesReport;
  hourAllowed: boolean;
  onGranularity: (g: Granularity) => void;
}) {
  const t = useTranslations('sales.timeline');
  const format = useFormatter();
  const unit = report.granularity;
  const data = report.timeline.map((p) => ({
    label: format.dateTime(new Date(p.start * 1000), PERIOD_FORMAT[unit]),
    net: p.net,
    units: p.units,
  }));
  return (
    <section
      aria-labelledby="timeline-heading"
      className="space-y-2 rounded border border-slate-200 bg-white p-3"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="timeline-heading" className="font-medium">
          {t('heading')}
        </h2>
        <div role="group" aria-label={t('per')} className="flex gap-1">
          {GRANULARITIES.map((g) => (
            <button
              key={g}
              type="button"
              aria-pressed={unit === g}
              disabled={g === 'hour' && !hourAllowed}
              title={g === 'hour' && !hourAllowed ? t('hourTooLong') : undefined}
              onClick={() => onGranularity(g)}
              className={`rounded border px-2 py-0.5 text-xs focus:outline-2 focus:outline-blue-600 disabled:opacity-50 ${unit === g ? 'border-blue-700 bg-blue-700 text-white' : 'border-slate-300 hover:bg-slate-100'}`}
            >
              {t(g)}
            </button>
          ))}
        </div>
      </div>
      <TimelineChart data={data} label={t('chart', { unit: t(unit) })} />
    </section>
  );
}

export function ByPayment({ report }: { report: SalesReport }) {
  const t = useTranslations('sales');
  const root = useTranslations() as unknown as Translate;
  const headers = useMoneyHeaders();
  const rows = report.byPayStyle.map((r) => ({ ...r, label: payStyleName(root, r.payStyle) }));
  return (
    <section aria-labelledby="payment-heading" className="space-y-2">
      <h2 id="payment-heading" className="font-medium">
        {t('byPayment.heading')}
      </h2>
      {rows.length > 0 && (
        <RankingChart data={rows} label={t('byPayment.chart')} testId="payment-chart" />
      )}
      <DataTable headers={[t('columns.payment'), ...headers]} empty={!rows.length && t('empty')}>
        {rows.map((r) => (
          <tr
            key={r.payStyle}
            className="border-t border-slate-100"
            data-testid={`pay-${r.payStyle}`}
          >
            <td className="px-3 py-1.5">{r.label}</td>
            <MoneyCells row={r} />
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

export function TopGoods({ report }: { report: SalesReport }) {
  const t = useTranslations('sales');
  const headers = useMoneyHeaders();
  const rows = report.topGoods.map((g) => ({ ...g, label: g.name ?? g.goodsId }));
  return (
    <section aria-labelledby="goods-heading" className="space-y-2">
      <h2 id="goods-heading" className="font-medium">
        {t('topGoods.heading')}
      </h2>
      {rows.length > 0 && (
        <RankingChart data={rows} label={t('topGoods.chart')} testId="goods-chart" />
      )}
      <DataTable headers={[t('columns.goods'), ...headers]} empty={!rows.length && t('empty')}>
        {rows.map((g) => (
          <tr key={g.goodsId} className="border-t border-slate-100">
            <td className="px-3 py-1.5">
              {g.label}
              {g.number && <span className="ml-1 text-xs text-slate-500">{g.number}</span>}
            </td>
            <MoneyCells row={g} />
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
