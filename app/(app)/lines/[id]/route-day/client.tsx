'use client';

import Link from 'next/link';
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'use-intl';
import { BackLink } from '@/components/back-link';
import { DateField } from '@/components/date-field';
import { Field, inputClass } from '@/components/form';
import { Freshness } from '@/components/freshness';
import { Refreshing } from '@/components/refreshing';
import { useErrorText } from '@/components/use-error-text';
import { routeDayQuery, type RouteDayAnswer, type RouteDayChoice } from '@/lib/planning/queries';
import { MAX_INTERVAL_DAYS, MAX_STOPS } from '@/lib/planning/sheet-limits';

type Stop = RouteDayAnswer['items'][number];
type Outlook = RouteDayAnswer['uncovered'][number];

/** "shelf 3 (可口可乐) empty in about 9 h, 12/04 17:00": a machine's first predicted sold-out. */
function useWhy(asOf: number) {
  const t = useTranslations('planning.routeDay');
  const format = useFormatter();
  return (m: Outlook) => {
    const f = m.first;
    if (!f) return null;
    const shelf = f.locationId;
    const goods = f.goodsName ?? t('unnamed');
    if (f.at <= asOf) return t('emptyNow', { shelf, goods });
    const hours = Math.round((f.at - asOf) / 3600);
    if (hours === 0) return t('emptyWithin', { shelf, goods });
    const time = format.dateTime(new Date(f.at * 1000), 'dayTime');
    return t('emptyIn', { shelf, goods, hours, time });
  };
}

function Why({ m, asOf }: { m: Outlook; asOf: number }) {
  const t = useTranslations('planning.routeDay');
  const why = useWhy(asOf);
  const more = m.shelvesEmptyBeforeNext - 1;
  return (
    <span className="block min-w-0 text-sm" data-testid="why">
      {why(m)}
      {more > 0 && (
        <span className="block text-xs text-slate-600">{t('moreShelves', { n: more })}</span>
      )}
      {m.lostUnits > 0 && (
        <span className="block text-xs text-slate-600">
          {t('lost', { units: Math.round(m.lostUnits) })}
        </span>
      )}
      {m.savedUnits >= 1 && (
        <span className="block text-xs text-slate-600">
          {t('saves', { units: Math.round(m.savedUnits) })}
        </span>
      )}
    </span>
  );
}

function Badge({ optional }: { optional: boolean }) {
  const t = useTranslations('planning.routeDay');
  return (
    <span
      className={`rounded px-1.5 py-0.5 text-xs font-medium ${optional ? 'bg-slate-100 text-slate-700' : 'bg-red-100 text-red-800'}`}
    >
      {t(optional ? 'optional' : 'must')}
    </span>
  );
}

function MachineName({ m }: { m: Outlook }) {
  return (
    <>
      <Link
        href={`/machines/${encodeURIComponent(m.assetId)}`}
        className="font-medium text-blue-700 underline"
      >
        {m.name ?? m.assetId}
      </Link>
      <span className="block text-xs text-slate-600">{m.siteName ?? '—'}</span>
    </>
  );
}

/** The stops: cards on a phone, a table from md up. */
function Stops({ items, asOf }: { items: Stop[]; asOf: number }) {
  const t = useTranslations('planning');
  return (
    <>
      <ol className="space-y-2 md:hidden" data-testid="route-day-cards">
        {items.map((s) => (
          <li
            key={s.assetId}
            className="flex gap-3 rounded border border-slate-200 bg-white p-3"
            data-testid={`stop-card-${s.order}`}
          >
            <span className="w-5 shrink-0 font-semibold tabular-nums">{s.order}</span>
            <div className="min-w-0 flex-1 space-y-1">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <span className="min-w-0">
                  <MachineName m={s} />
                </span>
                <Badge optional={s.optional} />
              </div>
              <Why m={s} asOf={asOf} />
            </div>
          </li>
        ))}
      </ol>
      <table
        className="hidden w-full border-collapse text-sm md:table"
        data-testid="route-day-table"
      >
        <thead>
          <tr className="border-b border-slate-300 text-left text-xs text-slate-600">
            <th scope="col" className="w-16 px-3 py-2 whitespace-nowrap">
              {t('priority.rank')}
            </th>
            <th scope="col" className="px-3 py-2">
              {t('priority.machine')}
            </th>
            <th scope="col" className="px-3 py-2">
              {t('priority.reasons')}
            </th>
            <th scope="col" className="w-24 px-3 py-2">
              <span className="sr-only">{t('routeDay.must')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((s) => (
            <tr
              key={s.assetId}
              className="border-t border-slate-100 align-top"
              data-testid={`stop-${s.order}`}
              data-asset-id={s.assetId}
            >
              <td className="px-3 py-2 font-semibold tabular-nums">{s.order}</td>
              <td className="px-3 py-2">
                <MachineName m={s} />
              </td>
              <td className="px-3 py-2">
                <Why m={s} asOf={asOf} />
              </td>
              <td className="px-3 py-2">
                <Badge optional={s.optional} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

const bounded = (text: string, max: number) => {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : null;
};

/**
 * A line's route day (D95): the planner picks the day, the stops and the days to the visit
 * after; the page shows who must be visited and why, who does not fit, and builds the to-par
 * pick list of the stops in one click.
 */
export function RouteDayClient({ id, initial }: { id: number; initial: RouteDayChoice }) {
  const t = useTranslations('planning.routeDay');
  const format = useFormatter();
  const errorText = useErrorText();
  const [choice, setChoice] = useState(initial);
  const [stopsText, setStopsText] = useState(String(initial.stops ?? ''));
  const [intervalText, setIntervalText] = useState(String(initial.intervalDays));
  const q = useQuery({ ...routeDayQuery(id, choice), placeholderData: keepPreviousData });
  const data = q.data;
  if (!data) return null;
  const when = (s: number) => format.dateTime(new Date(s * 1000), 'dateTime');
  const pickHref = `/pick-lists?${new URLSearchParams({
    assetIds: data.items.map((s) => s.assetId).join(','),
    fill: 'par',
    parDays: String(data.intervalDays),
    visitAt: String(data.visitAt),
  })}`;
  return (
    <article aria-labelledby="route-day-heading" className="space-y-5">
      <BackLink fallback={`/lines/${id}`} label={t('back')} />
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <div className="min-w-0">
          <h1 id="route-day-heading" className="text-xl font-semibold">
            {t('heading')} · {data.lineName}
          </h1>
          <p className="max-w-3xl text-sm text-slate-600">{t('intro')}</p>
        </div>
        <Freshness updatedAt={q.dataUpdatedAt} failed={q.isError} />
      </header>

      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => e.preventDefault()}
        data-testid="route-day-form"
      >
        <DateField
          label={t('date')}
          value={choice.date}
          min={data.firstDate}
          max={data.lastDate}
          onChange={(date) => date && setChoice((c) => ({ ...c, date }))}
          required
        />
        <Field label={t('stops')}>
          <input
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_STOPS}
            className={`${inputClass} w-24`}
            value={stopsText}
            onChange={(e) => {
              setStopsText(e.target.value);
              const n = bounded(e.target.value, MAX_STOPS);
              if (n !== null) setChoice((c) => ({ ...c, stops: n }));
            }}
          />
        </Field>
        <Field label={t('interval')}>
          <input
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_INTERVAL_DAYS}
            className={`${inputClass} w-24`}
            value={intervalText}
            onChange={(e) => {
              setIntervalText(e.target.value);
              const n = bounded(e.target.value, MAX_INTERVAL_DAYS);
              if (n !== null) setChoice((c) => ({ ...c, intervalDays: n }));
            }}
          />
        </Field>
      </form>
      {q.error && (
        <p role="alert" className="text-red-700">
          {errorText(q.error)}
        </p>
      )}

      <Refreshing stale={q.isPlaceholderData} className="space-y-4">
        <p className="text-xs text-slate-600">
          {t('visits', {
            visit: when(data.visitAt),
            next: when(data.nextVisitAt),
            timeZone: data.timeZone,
          })}
        </p>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="font-medium" data-testid="route-day-summary">
            {t('summary', { must: data.mustCount, stops: data.items.length })}
          </p>
          {data.items.length > 0 && (
            <Link
              href={pickHref}
              className="rounded bg-blue-700 px-3 py-1 text-sm font-medium text-white hover:bg-blue-800 focus:outline-2 focus:outline-offset-2 focus:outline-blue-600"
              data-testid="route-day-pick-list"
            >
              {t('build', { n: data.items.length })}
            </Link>
          )}
        </div>
        {data.items.length === 0 ? (
          <p className="text-slate-600">{t('none', { time: when(data.nextVisitAt) })}</p>
        ) : (
          <Stops items={data.items} asOf={data.asOf} />
        )}
        {data.uncovered.length > 0 && (
          <section
            aria-labelledby="uncovered-heading"
            className="space-y-2 rounded border border-amber-300 bg-amber-50 p-3"
            data-testid="route-day-uncovered"
          >
            <h2 id="uncovered-heading" className="font-semibold">
              {t('uncovered')}
            </h2>
            <p className="text-sm">{t('uncoveredIntro', { n: data.uncovered.length })}</p>
            <ul className="space-y-2">
              {data.uncovered.map((m) => (
                <li key={m.assetId} className="min-w-0">
                  <MachineName m={m} />
                  <Why m={m} asOf={data.asOf} />
                </li>
              ))}
            </ul>
          </section>
        )}
        {data.noForecast > 0 && (
          <p className="text-xs text-slate-600">{t('noForecast', { n: data.noForecast })}</p>
        )}
      </Refreshing>
    </article>
  );
}
