'use client';

import Link from 'next/link';
import { useState } from 'react';
import { TZDate } from '@date-fns/tz';
import { parse, startOfDay } from 'date-fns';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useFormatter, useLocale, useTimeZone, useTranslations } from 'use-intl';
import { DateField } from '@/components/date-field';
import { useErrorText } from '@/components/use-error-text';
import { ReviewReason, StateBadge } from '@/components/cabinets/labels';
import { DataTable } from '@/components/data-table';
import { SelectFilter } from '@/components/form';
import { CABINET_ORDER_STATES } from '@/lib/cabinets/states';
import { cabinetOrdersQuery, cabinetsQuery, type CabinetOrderFilter } from '@/lib/cabinets/queries';
import { formatMinor } from '@/lib/platforms/saas/money';
import { LoadMore } from '@/components/load-more';

/** A yyyy-MM-dd in the fleet's time zone as epoch seconds of its first (or last) second. */
function dayBound(text: string, tz: string, end: boolean): number | undefined {
  if (!text) return undefined;
  const start = startOfDay(parse(text, 'yyyy-MM-dd', new TZDate(Date.now(), tz)));
  if (Number.isNaN(start.getTime())) return undefined;
  return Math.floor(start.getTime() / 1000) + (end ? 86_399 : 0);
}

export function CabinetOrdersClient() {
  const t = useTranslations('cabinets');
  const errorText = useErrorText();
  const locale = useLocale();
  const format = useFormatter();
  const timeZone = useTimeZone() ?? 'Asia/Shanghai';
  const [machineId, setMachineId] = useState<string>();
  const [state, setState] = useState<string>();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const filter: CabinetOrderFilter = {
    ...(machineId && { machineId }),
    ...(state && { state }),
    ...(from && { from: dayBound(from, timeZone, false) }),
    ...(to && { to: dayBound(to, timeZone, true) }),
  };
  const orders = useInfiniteQuery(cabinetOrdersQuery(filter));
  const { error } = orders;
  const cabinets = useQuery(cabinetsQuery()).data?.items ?? [];
  const rows = orders.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="orders-heading" className="space-y-6">
      <div>
        <h1 id="orders-heading" className="text-xl font-semibold">
          {t('ordersHeading')}
        </h1>
        <p className="text-sm text-slate-600">{t('ordersIntro')}</p>
      </div>
      <form
        role="search"
        onSubmit={(e) => e.preventDefault()}
        className="flex flex-wrap items-end gap-3"
      >
        <SelectFilter
          label={t('machine')}
          anyLabel={t('any')}
          value={machineId}
          options={cabinets.map((c) => ({ value: c.machineId, label: c.name ?? c.machineId }))}
          onChange={setMachineId}
        />
        <SelectFilter
          label={t('state')}
          anyLabel={t('any')}
          value={state}
          options={CABINET_ORDER_STATES.map((s) => ({ value: s, label: t(`states.${s}`) }))}
          onChange={setState}
        />
        <DateField label={t('from')} value={from} onChange={setFrom} />
        <DateField label={t('to')} value={to} onChange={setTo} />
      </form>
      {error && (
        <p role="alert" className="text-red-700">
          {errorText(error)}
        </p>
      )}
      <DataTable
        cards
        headers={[
          t('created'),
          t('order'),
          t('machine'),
          t('door'),
          t('type'),
          t('state'),
          t('amount'),
          t('reason'),
        ]}
        empty={rows.length === 0 && t('noOrders')}
      >
        {rows.map((o) => (
          <tr
            key={o.orderId}
            className="border-t border-slate-100"
            data-testid={`order-${o.orderId}`}
          >
            <td className="px-3 py-2 whitespace-nowrap">
              {format.dateTime(new Date(o.createdAt * 1000), 'dateTime')}
            </td>
            <td className="px-3 py-2 font-mono">
              <Link
                className="text-blue-700 underline"
                href={`/cabinet-orders/${encodeURIComponent(o.orderId)}`}
              >
                {o.orderId}
              </Link>
            </td>
            <td className="px-3 py-2">{o.machineName ?? o.machineId}</td>
            <td className="px-3 py-2">{o.doorNo}</td>
            <td className="px-3 py-2">{t(`types.${o.type}`)}</td>
            <td className="px-3 py-2">
              <StateBadge state={o.state} />
            </td>
            <td className="px-3 py-2 tabular-nums">{formatMinor(o.amount, locale, o.currency)}</td>
            <td className="px-3 py-2">
              <ReviewReason order={o} />
            </td>
          </tr>
        ))}
      </DataTable>
      <LoadMore query={orders} />
    </section>
  );
}
