'use client';

import { useState } from 'react';
import { useFormatter, useTranslations } from 'use-intl';
import { SalesTrendChart } from '@/components/charts/sales-trend-chart';
import type { Overview } from '@/lib/fleet/overview-queries';

type Trend = NonNullable<Overview['sales']>['trend'];

/** Today by hour against the same weekday last week, or the last 30 days by day (D81). */
export function SalesTrend({ trend }: { trend: Trend }) {
  const t = useTranslations('overview.trend');
  const format = useFormatter();
  const [view, setView] = useState<'today' | 'days'>('today');
  const at = (s: number) => new Date(s * 1000);
  return (
    <section
      aria-labelledby="trend-heading"
      className="space-y-2 rounded border border-slate-200 bg-white p-3"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="trend-heading" className="font-medium">
          {t('heading')}
        </h2>
        <div role="radiogroup" aria-label={t('view')} className="flex gap-1">
          {(['today', 'days'] as const).map((v) => (
            <button
              key={v}
              type="button"
              role="radio"
              aria-checked={view === v}
              onClick={() => setView(v)}
              className={`rounded border px-2 py-0.5 text-xs ${view === v ? 'border-blue-700 bg-blue-700 text-white' : 'border-slate-300 hover:bg-slate-100'}`}
            >
              {t(v)}
            </button>
          ))}
        </div>
      </div>
      {view === 'today' ? (
        <SalesTrendChart
          label={t('todayLabel')}
          data={trend.hours.map((h) => ({ start: h.start, net: h.today, before: h.lastWeek }))}
          names={{ net: t('today'), before: t('lastWeek') }}
          tick={(s) => format.dateTime(at(s), 'time')}
          moment={(s) => format.dateTime(at(s), 'dayTime')}
        />
      ) : (
        <SalesTrendChart
          label={t('daysLabel')}
          data={trend.days}
          names={{ net: t('net') }}
          tick={(s) => format.dateTime(at(s), 'day')}
          moment={(s) => format.dateTime(at(s), 'date')}
        />
      )}
    </section>
  );
}
