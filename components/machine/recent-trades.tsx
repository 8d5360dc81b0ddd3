'use client';

import { useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'use-intl';
import { useErrorText } from '@/components/use-error-text';
import { machineTradesQuery, type TradeItem } from '@/lib/fleet/machine-queries';
import { fenToYuanText } from '@/lib/money';
import { payStyleName, type Translate } from '@/lib/sales/labels';

const SHOWN = 20;
const when = (x: TradeItem) => x.payTime ?? x.createTime ?? 0;
/** The time the machine stated when it was not believed (D71): the one `when` replaced. */
const stated = (x: TradeItem) =>
  x.payTime != null ? x.payTimeStated : x.createTime != null ? x.createTimeStated : null;

/** The machine's latest trades. Rendered only for roles that may see money figures. */
export function RecentTrades({ assetId }: { assetId: string }) {
  const t = useTranslations('machine.trades');
  const root = useTranslations() as unknown as Translate;
  const errorText = useErrorText();
  const format = useFormatter();
  const { data, error } = useQuery(machineTradesQuery(assetId));
  const items = [...(data?.items ?? [])].sort((a, b) => when(b) - when(a));
  const shown = items.slice(0, SHOWN);
  const dateTime = (s: number) => format.dateTime(new Date(s * 1000), 'dateTime');
  const amount = (x: TradeItem) => x.cost ?? (x.price ?? 0) * (x.count ?? 1);
  // Codes past the tables are shown with their number, never hidden (D71).
  const payStatus = (code: number | null) =>
    code === null
      ? '—'
      : t.has(`payStatus.s${code}`)
        ? t(`payStatus.s${code}`)
        : t('payStatus.code', { code });
  const delivery = (x: TradeItem) =>
    x.delivery === null
      ? '—'
      : x.delivery === 'unknown'
        ? t('delivery.unknown', { code: x.deliverStatus ?? '' })
        : t(`delivery.${x.delivery}`);
  const refund = (x: TradeItem) =>
    x.refundStatus === null || x.refundStatus === 0
      ? ''
      : x.refundStatus === 2
        ? t('refund.s2', { yuan: fenToYuanText(x.refundFee ?? 0) })
        : x.refundStatus === 1 || x.refundStatus === 3
          ? t(`refund.s${x.refundStatus}`)
          : t('refund.code', { code: x.refundStatus });
  const columns = [
    'time',
    'goods',
    'shelf',
    'count',
    'amount',
    'payStyle',
    'payStatus',
    'delivery',
    'refund',
  ] as const;

  return (
    <section aria-labelledby="trades-heading" className="space-y-2" data-testid="recent-trades">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="trades-heading" className="text-lg font-semibold">
          {t('heading')}
        </h2>
        {data && (
          <p className="text-sm text-slate-600">
            {t(data.nextCursor ? 'summaryMore' : 'summary', { count: items.length })}
            {items.length > SHOWN && ` · ${t('showing', { shown: SHOWN })}`}
          </p>
        )}
      </div>
      {error && (
        <p role="alert" className="text-red-700">
          {errorText(error)}
        </p>
      )}
      {shown.length > 0 && (
        // A phone: one card per trade, its time, goods and amount in view.
        <ul className="space-y-2 md:hidden" data-testid="recent-trade-cards">
          {shown.map((x, i) => (
            <li
              key={x.id ?? x.orderNo ?? i}
              className="rounded border border-slate-200 bg-white p-3 text-sm"
            >
              <div className="flex items-baseline justify-between gap-2">
                <span className="min-w-0 truncate font-medium">{x.goodsName ?? '—'}</span>
                <span className="shrink-0 tabular-nums">¥{fenToYuanText(amount(x))}</span>
              </div>
              <p className="text-xs text-slate-600 tabular-nums">
                {when(x) ? dateTime(when(x)) : '—'}
                {stated(x) != null && (
                  <span className="block text-violet-800">
                    {t('stated', { time: dateTime(stated(x)!) })}
                  </span>
                )}
              </p>
              <p className="text-xs text-slate-700">
                {[
                  x.payStyle === null ? null : payStyleName(root, x.payStyle),
                  payStatus(x.payStatus),
                  delivery(x),
                  refund(x) || null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
            </li>
          ))}
        </ul>
      )}
      {shown.length > 0 && (
        <div className="hidden overflow-x-auto rounded border border-slate-200 bg-white md:block">
          <table className="min-w-full text-sm">
            <thead className="bg-slate-100 text-left">
              <tr>
                {columns.map((c) => (
                  <th key={c} scope="col" className="px-3 py-2 font-medium whitespace-nowrap">
                    {t(`columns.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((x, i) => (
                <tr key={x.id ?? x.orderNo ?? i} className="border-t border-slate-100">
                  <td className="px-3 py-1.5 whitespace-nowrap tabular-nums">
                    {when(x) ? dateTime(when(x)) : '—'}
                    {stated(x) != null && (
                      <span
                        className="block text-xs text-violet-800"
                        data-testid="trade-stated-time"
                      >
                        {t('stated', { time: dateTime(stated(x)!) })}
                      </span>
                    )}
                  </td>
                  <td className="px-3 py-1.5">{x.goodsName ?? '—'}</td>
                  <td className="px-3 py-1.5 font-mono">{x.locationId ?? '—'}</td>
                  <td className="px-3 py-1.5 tabular-nums">{x.count ?? 1}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">
                    ¥{fenToYuanText(amount(x))}
                  </td>
                  <td className="px-3 py-1.5">
                    {x.payStyle === null ? '—' : payStyleName(root, x.payStyle)}
                  </td>
                  <td className="px-3 py-1.5">{payStatus(x.payStatus)}</td>
                  <td className="px-3 py-1.5">{delivery(x)}</td>
                  <td className="px-3 py-1.5">{refund(x)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
