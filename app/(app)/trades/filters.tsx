'use client';

import { TZDate } from '@date-fns/tz';
import { addDays, format, parse, startOfDay } from 'date-fns';
import { useState } from 'react';
import { useTimeZone, useTranslations } from 'use-intl';
import { DateField } from '@/components/date-field';
import { buttonClass, Field, inputClass, quietButtonClass, SelectFilter } from '@/components/form';
import { PAY_STYLE_CODES } from '@/lib/sales/paystyles';
import type { Translate } from '@/lib/sales/labels';
import {
  deliveryName,
  payStatusName,
  payStyleName,
  PAY_STATUSES,
  REFUND_STATUSES,
} from '@/lib/sales/trades/labels';
import type { TradeSearch } from '@/lib/sales/trades/queries';
import { DELIVERIES } from '@/lib/sales/trades/labels';

const TEXT = ['orderNo', 'tradeNo', 'assetId', 'goodsId'] as const;
/** The filters a phone folds away until asked. */
const EXTRA = ['goodsId', 'payStyle', 'payStatus', 'delivery', 'refundStatus', 'refunds'] as const;
type TextField = (typeof TEXT)[number];
const LABEL: Record<TextField, string> = {
  orderNo: 'orderNo',
  tradeNo: 'tradeNo',
  assetId: 'machine',
  goodsId: 'goods',
};

/**
 * The search form. Numbers and ids are typed and applied with "Search" (or Enter); choices
 * apply at once. Dates are the fleet's days; the URL keeps their first and last second.
 */
export function TradeFilters({
  search,
  onChange,
}: {
  search: TradeSearch;
  onChange: (next: TradeSearch) => void;
}) {
  const t = useTranslations('trades.filters');
  const root = useTranslations() as unknown as Translate;
  const timeZone = useTimeZone() ?? 'Asia/Shanghai';
  const extraOn = EXTRA.filter((k) => search[k]).length;
  const [more, setMore] = useState(extraOn > 0);
  const [text, setText] = useState(() => Object.fromEntries(TEXT.map((k) => [k, search[k] ?? ''])));
  const typed = () =>
    Object.fromEntries(TEXT.map((k) => [k, text[k]!.trim() || undefined])) as TradeSearch;
  const set = (change: TradeSearch) => onChange({ ...search, ...typed(), ...change });
  const toDate = (s?: string) =>
    s ? format(new TZDate(Number(s) * 1000, timeZone), 'yyyy-MM-dd') : '';
  const day = (d: string) => startOfDay(parse(d, 'yyyy-MM-dd', new TZDate(0, timeZone)));
  const fromDate = (d: string) => (d ? String(day(d).getTime() / 1000) : undefined);
  const toEnd = (d: string) => (d ? String(addDays(day(d), 1).getTime() / 1000 - 1) : undefined);
  const select = (
    label: string,
    key: keyof TradeSearch,
    options: { value: string; label: string }[],
  ) => (
    <SelectFilter
      label={label}
      anyLabel={t('any')}
      value={search[key]}
      options={options}
      onChange={(v) => set({ [key]: v })}
    />
  );

  return (
    <form
      role="search"
      className="grid grid-cols-2 gap-3 rounded border border-slate-200 bg-white p-3 sm:flex sm:flex-wrap sm:items-end"
      onSubmit={(e) => {
        e.preventDefault();
        set({});
      }}
    >
      {TEXT.filter((k) => k !== 'goodsId').map((k) => (
        <Field key={k} label={t(LABEL[k])} className="min-w-0">
          <input
            name={k}
            className={`${inputClass} w-full sm:w-40`}
            value={text[k]}
            autoComplete="off"
            inputMode={k === 'orderNo' || k === 'tradeNo' ? 'search' : undefined}
            onChange={(e) => setText({ ...text, [k]: e.target.value })}
          />
        </Field>
      ))}
      <DateField
        label={t('from')}
        value={toDate(search.from)}
        onChange={(v) => set({ from: fromDate(v) })}
        className="min-w-0"
        fill
      />
      <DateField
        label={t('to')}
        value={toDate(search.to)}
        onChange={(v) => set({ to: toEnd(v) })}
        className="min-w-0"
        fill
      />
      <button
        type="button"
        className={`${quietButtonClass} col-span-2 sm:hidden`}
        aria-expanded={more}
        onClick={() => setMore(!more)}
      >
        {more ? t('fewer') : t('more', { count: extraOn })}
      </button>
      {/* On a phone the rarer filters fold away (a complaint needs the number); from sm up all show. */}
      <div className={`${more ? 'contents' : 'hidden'} sm:contents`}>
        <Field label={t('goods')} className="min-w-0">
          <input
            name="goodsId"
            className={`${inputClass} w-full sm:w-40`}
            value={text.goodsId}
            autoComplete="off"
            onChange={(e) => setText({ ...text, goodsId: e.target.value })}
          />
        </Field>
        {select(
          t('payment'),
          'payStyle',
          PAY_STYLE_CODES.map((c) => ({ value: String(c), label: payStyleName(root, c) })),
        )}
        {select(
          t('payStatus'),
          'payStatus',
          PAY_STATUSES.map((c) => ({ value: String(c), label: payStatusName(root, c) })),
        )}
        {select(
          t('delivery'),
          'delivery',
          DELIVERIES.filter((d) => d !== 'unknown').map((d) => ({
            value: d,
            label: deliveryName(root, { delivery: d, deliverStatus: null }),
          })),
        )}
        {select(
          t('refund'),
          'refundStatus',
          REFUND_STATUSES.map((c) => ({
            value: String(c),
            label: t(`refundStates.s${c}`),
          })),
        )}
        <label className="col-span-2 flex items-center gap-2 text-sm sm:col-span-1 sm:pb-1">
          <input
            type="checkbox"
            checked={search.refunds === '1'}
            onChange={(e) => set({ refunds: e.target.checked ? '1' : undefined })}
          />
          {t('refundsOnly')}
        </label>
      </div>
      <div className="col-span-2 flex gap-2 sm:col-span-1">
        <button type="submit" className={buttonClass}>
          {t('search')}
        </button>
        <button
          type="button"
          className={quietButtonClass}
          onClick={() => {
            setText(Object.fromEntries(TEXT.map((k) => [k, ''])));
            onChange({});
          }}
        >
          {t('clear')}
        </button>
      </div>
    </form>
  );
}
