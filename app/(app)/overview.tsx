'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useFormatter, useLocale, useTranslations } from 'use-intl';
import { Freshness } from '@/components/freshness';
import { PickListLink } from '@/components/planning/pick-list-link';
import { useDuration } from '@/components/machine/use-duration';
import { formatFen } from '@/lib/money';
import { SalesTrend } from './sales-trend';
import {
  overviewQuery,
  type Alert,
  type AlertKind,
  type Overview,
} from '@/lib/fleet/overview-queries';
import { EVERY_ALERT_KIND } from '@/lib/alerts/kinds';

const KINDS: readonly AlertKind[] = EVERY_ALERT_KIND;
const TONE: Record<AlertKind, string> = {
  offline: 'bg-red-100 text-red-900',
  temperature: 'bg-red-100 text-red-900',
  door: 'bg-amber-100 text-amber-900',
  fault: 'bg-amber-100 text-amber-900',
  salesBelowExpected: 'bg-red-100 text-red-900',
  pickupThrottled: 'bg-red-100 text-red-900',
  soldOut: 'bg-orange-100 text-orange-900',
  stale: 'bg-slate-200 text-slate-800',
  clockAhead: 'bg-violet-100 text-violet-900',
  underThreshold: 'bg-yellow-100 text-yellow-900',
  cabinetReview: 'bg-amber-100 text-amber-900',
  reconcileDifference: 'bg-violet-100 text-violet-900',
  projectionFailed: 'bg-slate-200 text-slate-800',
  syncFailing: 'bg-slate-200 text-slate-800',
  channelFailing: 'bg-slate-200 text-slate-800',
  backupFailed: 'bg-red-100 text-red-900',
  backupStale: 'bg-amber-100 text-amber-900',
};

function Figure({
  label,
  value,
  note,
  testId,
}: {
  label: string;
  value: number | string;
  note?: string;
  testId: string;
}) {
  return (
    <div className="rounded border border-slate-200 bg-white p-3" data-testid={testId}>
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd className="text-2xl font-semibold tabular-nums">{value}</dd>
      {note && <dd className="text-xs text-slate-500">{note}</dd>}
    </div>
  );
}

function Sales({ sales }: { sales: NonNullable<Overview['sales']> }) {
  const t = useTranslations('overview.sales');
  const locale = useLocale();
  const format = useFormatter();
  const { today, lastWeek } = sales;
  const weekday = format.dateTime(new Date(lastWeek.from * 1000), { weekday: 'long' });
  return (
    <section
      aria-labelledby="sales-heading"
      className="rounded border border-slate-200 bg-white p-3"
    >
      <h2 id="sales-heading" className="text-xs text-slate-600">
        {t('heading')}
      </h2>
      <p className="text-2xl font-semibold tabular-nums" data-testid="sales-today">
        {formatFen(today.amount, locale)}
      </p>
      <p className="text-xs text-slate-600">{t('count', { count: today.count })}</p>
      <p className="text-xs text-slate-600" data-testid="sales-last-week">
        {t('lastWeek', { weekday, amount: formatFen(lastWeek.amount, locale) })}
      </p>
      <p className="text-xs font-medium">
        {lastWeek.amount > 0
          ? t('change', { change: (today.amount - lastWeek.amount) / lastWeek.amount })
          : t('noComparison')}
      </p>
    </section>
  );
}

/** What the alert records add to an overview alert (issue 19): its page and its state. */
type AlertRecord = Alert & {
  id?: number;
  state?: string;
  assignee?: { id: number; name: string } | null;
};

function AlertRow({ alert, asOf }: { alert: Alert; asOf: number }) {
  const t = useTranslations('overview');
  const ta = useTranslations('alerts');
  const record: AlertRecord = alert;
  const format = useFormatter();
  const duration = useDuration();
  const cid = String(alert.detail.cid ?? '');
  const detail =
    alert.kind === 'clockAhead'
      ? // To the minute: the receipt is a moment after the sale, so the skew is never exact.
        { ahead: duration(Math.round(Number(alert.detail.aheadBy) / 60) * 60) }
      : alert.kind === 'temperature' || alert.kind === 'fault'
        ? {
            ...alert.detail,
            container: cid === 'master' ? t('alerts.mainCabinet') : t('alerts.container', { cid }),
          }
        : alert.detail;
  // A temperature alert says since when it has been out of band, and for how long (D81).
  const outOfBand = alert.kind === 'temperature' && alert.since !== null;
  return (
    <li
      className="flex flex-wrap items-baseline gap-x-3 gap-y-1 border-t border-slate-100 px-3 py-2"
      data-testid={`alert-${alert.kind}-${alert.assetId ?? alert.id}`}
    >
      {record.id !== undefined ? (
        <Link
          href={`/alerts/${record.id}`}
          className={`rounded px-2 py-0.5 text-xs font-medium underline-offset-2 hover:underline ${TONE[alert.kind]}`}
        >
          {t(`kind.${alert.kind}`)}
        </Link>
      ) : (
        <span className={`rounded px-2 py-0.5 text-xs font-medium ${TONE[alert.kind]}`}>
          {t(`kind.${alert.kind}`)}
        </span>
      )}
      {record.state === 'acknowledged' && (
        <span className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-700">
          {ta('states.acknowledged')}
        </span>
      )}
      {record.assignee && (
        <span className="text-xs text-slate-600">
          {ta('assignedTo', { name: record.assignee.name })}
        </span>
      )}
      {alert.assetId !== null && (
        <>
          <Link
            href={`/machines/${encodeURIComponent(alert.assetId)}`}
            className="font-medium text-blue-800 hover:underline"
          >
            {alert.name ?? alert.assetId}
          </Link>
          <span className="text-xs text-slate-500">
            {alert.assetId}
            {alert.siteName ? ` · ${alert.siteName}` : ''}
            {alert.lineName ? ` · ${alert.lineName}` : ''}
          </span>
        </>
      )}
      <span className="text-sm">{t(`detail.${alert.kind}`, detail)}</span>
      {outOfBand ? (
        <span className="ml-auto text-xs text-slate-600" data-testid="alert-since">
          {t('alerts.outOfBand', {
            atLeast: alert.detail.atLeast ? 'yes' : 'no',
            time: format.dateTime(new Date(alert.since! * 1000), 'dayTime'),
            duration: duration(Math.max(60, Math.floor((asOf - alert.since!) / 60) * 60)),
          })}
        </span>
      ) : (
        alert.since !== null && (
          <span className="ml-auto text-xs text-slate-500">
            {t('alerts.since', {
              time: format.relativeTime(new Date(alert.since * 1000), new Date(asOf * 1000)),
            })}
          </span>
        )
      )}
    </li>
  );
}

/** Fleet figures, today's sales, and the alert list; refreshes by itself. */
export function OverviewPanel({ pickLists = false }: { pickLists?: boolean }) {
  const t = useTranslations('overview');
  const tp = useTranslations('planning.sheet');
  const { data, dataUpdatedAt, isRefetchError } = useQuery(overviewQuery());
  const [kind, setKind] = useState<AlertKind | 'all'>('all');
  if (!data) return null;
  const c = data.counts;
  const byKind = (k: AlertKind) => data.alertCounts[k];
  const total = KINDS.reduce((n, k) => n + byKind(k), 0);
  const shown = kind === 'all' ? data.alerts : data.alerts.filter((a) => a.kind === kind);
  return (
    <section aria-labelledby="overview-heading" className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 id="overview-heading" className="text-xl font-semibold">
          {t('heading')}
        </h1>
        <Freshness updatedAt={dataUpdatedAt} failed={isRefetchError} />
      </div>
      <div className="grid gap-3 lg:grid-cols-[1fr_18rem]">
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-5">
          <Figure testId="figure-machines" label={t('figures.machines')} value={c.machines} />
          <Figure testId="figure-online" label={t('figures.online')} value={c.online} />
          <Figure testId="figure-offline" label={t('figures.offline')} value={c.offline} />
          <Figure
            testId="figure-sellable"
            label={t('figures.sellable')}
            value={c.sellable}
            note={`${t('figures.notSellable')} ${c.notSellable}`}
          />
          <Figure testId="figure-doors" label={t('figures.doorsOpen')} value={c.doorsOpen} />
          <Figure testId="figure-faults" label={t('figures.withFaults')} value={c.withFaults} />
          <Figure
            testId="figure-soldout"
            label={t('figures.soldOutShelves')}
            value={c.soldOutShelves}
            note={t('figures.machinesSoldOut', { count: c.machinesSoldOut })}
          />
          <Figure
            testId="figure-under"
            label={t('figures.underThresholdShelves')}
            value={c.underThresholdShelves}
          />
        </dl>
        {data.sales && <Sales sales={data.sales} />}
      </div>
      {data.sales && <SalesTrend trend={data.sales.trend} />}
      <section
        aria-labelledby="alerts-heading"
        className="rounded border border-slate-200 bg-white"
      >
        <div className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
          <h2 id="alerts-heading" className="font-medium">
            {t('alerts.heading')}{' '}
            <span className="text-sm font-normal text-slate-600">
              {t('alerts.count', { count: total })}
            </span>
          </h2>
          <div role="group" aria-label={t('alerts.filter')} className="flex flex-wrap gap-1">
            {(['all', ...KINDS.filter((k) => byKind(k) > 0 || kind === k)] as const).map((k) => (
              <button
                key={k}
                type="button"
                aria-pressed={kind === k}
                onClick={() => setKind(k)}
                className={`rounded border px-2 py-0.5 text-xs focus:outline-2 focus:outline-blue-600 ${kind === k ? 'border-blue-700 bg-blue-700 text-white' : 'border-slate-300 hover:bg-slate-100'}`}
              >
                {k === 'all' ? t('alerts.all') : t(`kind.${k}`)} (
                {k === 'all' ? data.alerts.length : byKind(k)})
              </button>
            ))}
          </div>
          {pickLists && (
            <PickListLink
              label={tp('forSoldOut')}
              assetIds={data.alerts.flatMap((a) =>
                a.kind === 'soldOut' && a.assetId !== null ? [a.assetId] : [],
              )}
            />
          )}
        </div>
        <p className="px-3 pb-2 text-xs text-slate-500">
          {t('alerts.thresholds', {
            offlineMinutes: data.thresholds.offlineMinutes,
            doorOpenMinutes: data.thresholds.doorOpenMinutes,
            staleHours: data.thresholds.staleHours,
            temperatureToleranceC: data.thresholds.temperatureToleranceC,
          })}
        </p>
        {shown.length === 0 ? (
          <p className="border-t border-slate-100 px-3 py-4 text-sm text-slate-600">
            {t('alerts.none')}
          </p>
        ) : (
          <ul className="max-h-[28rem] overflow-y-auto" data-testid="alert-list">
            {shown.map((a, i) => (
              <AlertRow key={`${a.kind}-${a.assetId}-${i}`} alert={a} asOf={data.asOf} />
            ))}
          </ul>
        )}
        {shown.length < (kind === 'all' ? total : byKind(kind)) && (
          <p className="border-t border-slate-100 px-3 py-2 text-xs text-slate-500">
            {t('alerts.more', {
              shown: shown.length,
              total: kind === 'all' ? total : byKind(kind),
            })}
          </p>
        )}
      </section>
    </section>
  );
}
