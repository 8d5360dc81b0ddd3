'use client';

import Link from 'next/link';
import { useFormatter, useLocale, useTranslations } from 'use-intl';
import { formatFen } from '@/lib/money';
import type { Translate } from '@/lib/sales/labels';
import {
  deliveryName,
  payStatusName,
  payStyleName,
  refundName,
  statedTimeOf,
  tradeAmount,
  tradeTimeOf,
} from '@/lib/sales/trades/labels';
import type { TradeListItem } from '@/lib/sales/trades/queries';

/** A trade's words and links, shared by the phone's cards and the desk's table. */
function useTradeText(showVisits: boolean) {
  const t = useTranslations('trades');
  const root = useTranslations() as unknown as Translate;
  const format = useFormatter();
  const locale = useLocale();
  return {
    t,
    time: (x: TradeListItem) => {
      const s = tradeTimeOf(x);
      const stated = statedTimeOf(x);
      return (
        <>
          {s == null ? t('noTime') : format.dateTime(new Date(s * 1000), 'dateTime')}
          {stated != null && (
            <span className="block text-xs text-violet-800" data-testid="trade-stated-time">
              {t('stated', { time: format.dateTime(new Date(stated * 1000), 'dateTime') })}
            </span>
          )}
        </>
      );
    },
    amount: (x: TradeListItem) => formatFen(tradeAmount(x), locale),
    payment: (x: TradeListItem) => (x.payStyle === null ? '—' : payStyleName(root, x.payStyle)),
    states: (x: TradeListItem) =>
      [payStatusName(root, x.payStatus), deliveryName(root, x), refundName(root, x)].filter(
        Boolean,
      ),
    refunded: (x: TradeListItem) => x.refundStatus !== null && x.refundStatus !== 0,
    machine: (x: TradeListItem) => (
      <Link
        href={`/machines/${encodeURIComponent(x.assetId)}`}
        className="font-medium break-all text-blue-800 hover:underline"
        data-testid="trade-machine"
      >
        {x.machineName ?? x.assetId}
      </Link>
    ),
    visit: (x: TradeListItem) =>
      showVisits && x.refillVisitId !== null ? (
        <Link
          href={`/refills/${x.refillVisitId}`}
          className="text-blue-800 hover:underline"
          title={t('openVisit')}
        >
          {t('visit')}
        </Link>
      ) : null,
  };
}

/** Cards on a phone (order no., machine, amount and state at a glance), a table from md up. */
export function TradeResults({ rows, showVisits }: { rows: TradeListItem[]; showVisits: boolean }) {
  const x = useTradeText(showVisits);
  const { t } = x;
  if (!rows.length) return null;
  return (
    <>
      <ul className="space-y-2 md:hidden" data-testid="trade-cards">
        {rows.map((r) => (
          <li
            key={r.id ?? r.orderNo ?? `${r.assetId}-${tradeTimeOf(r)}`}
            className="rounded border border-slate-200 bg-white p-3 text-sm"
            data-testid="trade"
          >
            <div className="flex items-baseline justify-between gap-2">
              <span className="font-mono text-xs break-all" data-testid="trade-order">
                {r.orderNo ?? '—'}
              </span>
              <span
                className={`text-base font-semibold tabular-nums ${x.refunded(r) ? 'text-amber-800' : ''}`}
                data-testid="trade-amount"
              >
                {x.amount(r)}
              </span>
            </div>
            <div className="mt-1 flex flex-wrap items-baseline justify-between gap-x-2">
              {x.machine(r)}
              <span className="text-xs text-slate-600 tabular-nums">{x.time(r)}</span>
            </div>
            <p className="mt-1 text-slate-700">
              {r.goodsName ?? '—'} {t('qty', { count: r.count ?? 1 })} · {x.payment(r)}
            </p>
            <p className="mt-1 text-xs text-slate-700" data-testid="trade-state">
              {x.states(r).join(' · ')}
            </p>
            {x.visit(r) && <p className="mt-1 text-xs">{x.visit(r)}</p>}
          </li>
        ))}
      </ul>
      <div className="hidden overflow-x-auto rounded border border-slate-200 bg-white md:block">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-100">
            <tr>
              {(
                [
                  'time',
                  'orderNo',
                  'machine',
                  'goods',
                  'amount',
                  'payment',
                  'state',
                  'links',
                ] as const
              ).map((c) => (
                <th
                  key={c}
                  scope="col"
                  className={`px-3 py-2 whitespace-nowrap ${c === 'amount' ? 'text-right' : ''}`}
                >
                  {t(`columns.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.id ?? r.orderNo ?? `${r.assetId}-${tradeTimeOf(r)}`}
                className="border-t border-slate-100 align-top"
                data-testid="trade"
              >
                <td className="px-3 py-2 whitespace-nowrap tabular-nums">{x.time(r)}</td>
                <td className="px-3 py-2">
                  <span className="font-mono text-xs" data-testid="trade-order">
                    {r.orderNo ?? '—'}
                  </span>
                  {r.tradeNo && (
                    <span className="block font-mono text-xs text-slate-500">
                      {t('tradeNo', { no: r.tradeNo })}
                    </span>
                  )}
                </td>
                <td className="px-3 py-2">
                  {x.machine(r)}
                  {r.machineName && (
                    <span className="block font-mono text-xs text-slate-500">{r.assetId}</span>
                  )}
                </td>
                <td className="px-3 py-2">
                  {r.goodsName ?? '—'} {t('qty', { count: r.count ?? 1 })}
                  {r.locationId && (
                    <span className="block text-xs text-slate-500">
                      {t('shelf', { shelf: r.locationId })}
                    </span>
                  )}
                </td>
                <td
                  className={`px-3 py-2 text-right font-medium tabular-nums ${x.refunded(r) ? 'text-amber-800' : ''}`}
                  data-testid="trade-amount"
                >
                  {x.amount(r)}
                </td>
                <td className="px-3 py-2">{x.payment(r)}</td>
                <td className="px-3 py-2 text-xs" data-testid="trade-state">
                  {x.states(r).map((s) => (
                    <span key={s} className="block">
                      {s}
                    </span>
                  ))}
                </td>
                <td className="px-3 py-2 whitespace-nowrap">{x.visit(r)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
