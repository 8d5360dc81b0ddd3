'use client';

import { useFormatter, useLocale, useTranslations } from 'use-intl';
import { formatFen } from '@/lib/money';
import type { Reconciliation } from '@/lib/refills/reconcile';
import { StatusBadge, STATUS_TONE } from '../badges';

type Coins = NonNullable<Reconciliation['coins']>;

/** Cash by our trades and in the settlement, against the coins the machine reported. */
export function CoinCheck({ coins }: { coins: Coins }) {
  const t = useTranslations('refills.coins');
  const locale = useLocale();
  const format = useFormatter();
  const money = (fen: number | null) => (fen === null ? '—' : formatFen(fen, locale));
  const reading = (r: Coins['start']) =>
    r
      ? t('count', {
          coin10: r.coin10 ?? 0,
          coin5: r.coin5 ?? 0,
          time: format.dateTime(new Date(r.at * 1000), 'dateTime'),
        })
      : '—';
  return (
    <section
      aria-labelledby="coins-heading"
      className="space-y-2 rounded border border-slate-200 bg-white p-3"
      data-testid="coins"
    >
      <h2 id="coins-heading" className="font-medium">
        {t('heading')}
      </h2>
      <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="text-slate-600">{t('expectedCash')}</dt>
        <dd className="tabular-nums">{money(coins.expectedCash)}</dd>
        <dt className="text-slate-600">{t('reportedCash')}</dt>
        <dd className="tabular-nums">{money(coins.reportedCash)}</dd>
        {coins.counted === null ? (
          <dd className="text-slate-600 sm:col-span-2">{t('none')}</dd>
        ) : (
          <>
            <dt className="text-slate-600">{t('start')}</dt>
            <dd className="tabular-nums">{reading(coins.start)}</dd>
            <dt className="text-slate-600">{t('end')}</dt>
            <dd className="tabular-nums">{reading(coins.end)}</dd>
            <dt className="text-slate-600">{t('counted')}</dt>
            <dd className="tabular-nums">{money(coins.counted)}</dd>
            <dt className="text-slate-600">{t('difference')}</dt>
            <dd
              className={`tabular-nums ${coins.status ? STATUS_TONE[coins.status] : ''}`}
              data-testid="coins-difference"
            >
              {money(coins.difference)} {coins.status && <StatusBadge status={coins.status} />}
            </dd>
          </>
        )}
      </dl>
      <p className="text-xs text-slate-500">{t('note')}</p>
    </section>
  );
}
