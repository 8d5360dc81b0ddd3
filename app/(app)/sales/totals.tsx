'use client';

import { useFormatter, useLocale, useTranslations } from 'use-intl';
import { DataTable } from '@/components/data-table';
import { STAT_CATEGORIES } from '@/lib/sales/paystyles';
import { formatFen } from '@/lib/money';
import type { SalesReport } from '@/lib/sales/queries';

const CATEGORIES = [...STAT_CATEGORIES.map(([name]) => name), 'other'];

function Figure({
  label,
  value,
  note,
  testId,
}: {
  label: string;
  value: string;
  note?: string;
  testId: string;
}) {
  return (
    <div className="rounded border border-slate-200 bg-white p-3" data-testid={testId}>
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd className="text-xl font-semibold tabular-nums" data-testid={`${testId}-value`}>
        {value}
      </dd>
      {note && <dd className="text-xs text-slate-500">{note}</dd>}
    </div>
  );
}

/** §5.1's totals: net and gross, refunds, items, online/offline, game prizes; then each category. */
export function Totals({ report }: { report: SalesReport }) {
  const t = useTranslations('sales');
  const locale = useLocale();
  const format = useFormatter();
  const s = report.statistic;
  const money = (fen: number) => formatFen(fen, locale);
  const items = (count: number) => t('totals.items', { count });
  const rows = CATEGORIES.filter((c) => s[`${c}Count`] || s[`${c}Amount`]);
  return (
    <section aria-labelledby="totals-heading" className="space-y-3">
      <h2 id="totals-heading" className="font-medium">
        {t('totals.heading')}
      </h2>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4 xl:grid-cols-7">
        <Figure testId="total-net" label={t('totals.net')} value={money(s.amount!)} />
        <Figure testId="total-gross" label={t('totals.gross')} value={money(report.grossAmount)} />
        <Figure
          testId="total-refunds"
          label={t('totals.refunds')}
          value={money(s.refundAmount!)}
          note={t('totals.refundedTrades', { count: report.refundedTrades })}
        />
        <Figure testId="total-units" label={t('totals.units')} value={format.number(s.count!)} />
        <Figure
          testId="total-online"
          label={t('totals.online')}
          value={money(s.onlineAmount!)}
          note={items(s.onlineCount!)}
        />
        <Figure
          testId="total-offline"
          label={t('totals.offline')}
          value={money(s.outlineAmount!)}
          note={items(s.outlineCount!)}
        />
        <Figure
          testId="total-game"
          label={t('totals.game')}
          value={money(s.gameAmount!)}
          note={items(s.gameCount!)}
        />
      </dl>
      {s.count === 0 && s.gameCount === 0 ? (
        <p className="rounded border border-dashed border-slate-300 bg-white p-4 text-slate-600">
          {t('empty')}
        </p>
      ) : (
        <details className="rounded border border-slate-200 bg-white" open>
          <summary className="cursor-pointer px-3 py-2 text-sm font-medium">
            {t('totals.split')}
          </summary>
          <DataTable headers={[t('totals.category'), t('columns.units'), t('columns.net')]}>
            {rows.map((c) => (
              <tr key={c} className="border-t border-slate-100" data-testid={`category-${c}`}>
                <td className="px-3 py-1.5">{t(`categories.${c}`)}</td>
                <td className="px-3 py-1.5 tabular-nums">{s[`${c}Count`]}</td>
                <td className="px-3 py-1.5 tabular-nums">{money(s[`${c}Amount`]!)}</td>
              </tr>
            ))}
          </DataTable>
        </details>
      )}
    </section>
  );
}
