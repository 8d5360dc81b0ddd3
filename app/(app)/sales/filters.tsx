'use client';

import { useState, type FormEvent } from 'react';
import { useTimeZone, useTranslations } from 'use-intl';
import { DateField } from '@/components/date-field';
import { buttonClass, Field, inputClass, quietButtonClass, SelectFilter } from '@/components/form';
import { PAY_STYLE_CODES } from '@/lib/sales/paystyles';
import type { SalesOptions } from '@/lib/sales/queries';
import { payStyleName, type Translate } from '@/lib/sales/labels';
import { localDate, PRESETS, resolveRange, type SalesSearch } from '@/lib/sales/range';

const pressed = (on: boolean) =>
  `rounded border px-2 py-1 text-sm focus:outline-2 focus:outline-blue-600 ${on ? 'border-blue-700 bg-blue-700 text-white' : 'border-slate-300 bg-white hover:bg-slate-100'}`;

/** Presets as toggle buttons, and a custom range of local dates. */
export function RangePicker({
  search,
  now,
  onChange,
}: {
  search: SalesSearch;
  now: number;
  onChange: (s: Partial<SalesSearch>) => void;
}) {
  const t = useTranslations('sales.range');
  const timeZone = useTimeZone() ?? 'Asia/Shanghai';
  const shown = resolveRange(search, now, timeZone);
  const [from, setFrom] = useState(search.from ?? localDate(shown.startTime, timeZone));
  const [to, setTo] = useState(search.to ?? localDate(shown.endTime, timeZone));
  const bad = from > to;
  function apply(e: FormEvent) {
    e.preventDefault();
    if (!bad && from && to) onChange({ range: 'custom', from, to });
  }
  return (
    <div className="space-y-2">
      <div role="group" aria-label={t('label')} className="flex flex-wrap gap-1">
        {PRESETS.map((p) => (
          <button
            key={p}
            type="button"
            aria-pressed={search.range === p}
            className={pressed(search.range === p)}
            onClick={() => onChange({ range: p, from: undefined, to: undefined })}
          >
            {t(p)}
          </button>
        ))}
      </div>
      <form onSubmit={apply} aria-label={t('custom')} className="flex flex-wrap items-end gap-3">
        <DateField label={t('from')} value={from} onChange={setFrom} required />
        <DateField label={t('to')} value={to} onChange={setTo} required />
        <button
          type="submit"
          className={search.range === 'custom' ? buttonClass : quietButtonClass}
          disabled={bad}
        >
          {t('apply')}
        </button>
        {bad && (
          <p role="alert" className="text-sm text-red-700">
            {t('badRange')}
          </p>
        )}
      </form>
    </div>
  );
}

function Choice(props: Omit<Parameters<typeof SelectFilter>[0], 'anyLabel'>) {
  const t = useTranslations('sales.filters');
  return <SelectFilter {...props} anyLabel={t('all')} />;
}

/** Area, line, site, machine, goods and payment method. */
export function SalesFilters({
  search,
  options,
  onChange,
}: {
  search: SalesSearch;
  options: SalesOptions;
  onChange: (s: Partial<SalesSearch>) => void;
}) {
  const t = useTranslations('sales.filters');
  const root = useTranslations() as unknown as Translate;
  const [machine, setMachine] = useState(search.machine ?? '');
  const names = (list: string[]) => list.map((n) => ({ value: n, label: n }));
  const any = Boolean(
    search.area || search.line || search.site || search.machine || search.goods || search.pay,
  );
  return (
    <form
      role="search"
      aria-label={t('label')}
      className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-3"
      onSubmit={(e) => {
        e.preventDefault();
        onChange({ machine: machine.trim() || undefined });
      }}
    >
      {options.areas.length > 0 && (
        <Choice
          label={t('area')}
          value={search.area}
          options={names(options.areas)}
          onChange={(area) => onChange({ area })}
        />
      )}
      <Choice
        label={t('line')}
        value={search.line}
        options={names(options.lines)}
        onChange={(line) => onChange({ line })}
      />
      <Choice
        label={t('site')}
        value={search.site}
        options={names(options.sites)}
        onChange={(site) => onChange({ site })}
      />
      <Field label={t('machine')}>
        <input
          className={`${inputClass} w-40`}
          value={machine}
          onChange={(e) => setMachine(e.target.value)}
          onBlur={() => onChange({ machine: machine.trim() || undefined })}
        />
      </Field>
      <Choice
        label={t('goods')}
        value={search.goods}
        options={options.goods.map((g) => ({ value: g.goodsId, label: g.name ?? g.goodsId }))}
        onChange={(goods) => onChange({ goods })}
      />
      <Choice
        label={t('payment')}
        value={search.pay ? String(search.pay) : undefined}
        options={PAY_STYLE_CODES.map((c) => ({ value: String(c), label: payStyleName(root, c) }))}
        onChange={(pay) => onChange({ pay: pay ? Number(pay) : undefined })}
      />
      <button type="submit" className={quietButtonClass}>
        {t('apply')}
      </button>
      {any && (
        <button
          type="button"
          className={quietButtonClass}
          onClick={() => {
            setMachine('');
            onChange({
              area: undefined,
              line: undefined,
              site: undefined,
              machine: undefined,
              goods: undefined,
              pay: undefined,
            });
          }}
        >
          {t('clear')}
        </button>
      )}
    </form>
  );
}
