'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'use-intl';
import { Freshness } from '@/components/freshness';
import { buttonClass, Notice, quietButtonClass } from '@/components/form';
import { OriginLabel } from '@/components/planning/origin';
import { PriorityTable } from '@/components/planning/priority-table';
import { SiteMap } from '@/components/planning/site-map';
import { UrgencyBadge } from '@/components/planning/urgency';
import { send } from '@/lib/admin/queries';
import {
  lineQuery,
  type LineDetail,
  type PlannedSite,
  type RunDetail,
} from '@/lib/planning/queries';
import { BackLink } from '@/components/back-link';
import type { MapTiles } from '@/lib/settings/map-tiles';

function Figure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="rounded border border-slate-200 bg-white px-3 py-2">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{children}</dd>
    </div>
  );
}

function useSiteDescription() {
  const t = useTranslations('planning');
  return (s: PlannedSite) =>
    t('map.siteDescription', {
      visit: s.visit ?? 0,
      name: s.name,
      urgency: t(`urgency.${s.urgency}`),
      machines: s.machineCount,
      offline: s.offline,
    });
}

/** The run's visiting order: by the site's place in the line's route, then by rank. */
function runOrder(detail: LineDetail, selected: Set<string>): string[] {
  const visit = new Map(detail.sites.map((s) => [s.id, s.visit ?? Infinity]));
  return detail.machines
    .filter((m) => selected.has(m.assetId))
    .sort(
      (a, b) =>
        (visit.get(a.siteId ?? -1) ?? Infinity) - (visit.get(b.siteId ?? -1) ?? Infinity) ||
        a.rank - b.rank,
    )
    .map((m) => m.assetId);
}

/** A line: where its sites are and in which order, and which machines need a refill first. */
export function LineClient({
  id,
  canPlan,
  tiles,
}: {
  id: number;
  canPlan: boolean;
  tiles: MapTiles;
}) {
  const t = useTranslations('planning');
  const format = useFormatter();
  const router = useRouter();
  const { data, dataUpdatedAt, isError } = useQuery(lineQuery(id));
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const describe = useSiteDescription();
  const build = useMutation({
    mutationFn: (assetIds: string[]) =>
      send<RunDetail>('POST', '/api/v1/runs', { assetIds, lineId: id }),
    onSuccess: (run) => router.push(`/pick-lists?run=${run.id}`),
    onError: (e: Error) => setError(t('error', { message: e.message })),
  });
  if (!data) return null;
  const { line, sites, machines } = data;
  const chosen = machines.filter((m) => selected.has(m.assetId));
  const when = (s: number | null) =>
    s === null ? t('never') : format.dateTime(new Date(s * 1000), 'dateTime');

  return (
    <article aria-labelledby="line-heading" className="space-y-6">
      <BackLink fallback="/lines" label={t('line.back')} />
      <header className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <div>
            <h1 id="line-heading" className="text-xl font-semibold">
              {line.name}
            </h1>
            <p className="text-sm text-slate-600">
              {[line.areaName, line.description].filter(Boolean).join(' · ')}{' '}
              <OriginLabel origin={line.origin} />
            </p>
          </div>
          <Freshness updatedAt={dataUpdatedAt} failed={isError} />
        </div>
        <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-8">
          <Figure label={t('lines.machines')}>{line.machineCount}</Figure>
          <Figure label={t('line.sites')}>{line.siteCount}</Figure>
          <Figure label={t('lines.soldOut')}>{line.soldOutShelves}</Figure>
          <Figure label={t('lines.underValve')}>{line.underValveShelves}</Figure>
          <Figure label={t('lines.offline')}>{line.offlineMachines}</Figure>
          <Figure label={t('lines.lastRefill')}>
            <span className="text-sm">{when(line.lastRefillTime)}</span>
          </Figure>
          <Figure label={t('lines.unitsSinceRefill')}>{line.unitsSinceRefill}</Figure>
          <Figure label={t('lines.unitsToLoad')}>{line.unitsToLoad}</Figure>
        </dl>
      </header>

      <section aria-labelledby="route-heading" className="grid gap-4 lg:grid-cols-[2fr_1fr]">
        <div className="space-y-2">
          <h2 id="route-heading" className="text-lg font-semibold">
            {t('line.route')}
          </h2>
          <SiteMap
            label={line.name}
            route
            listId="line-sites"
            tiles={tiles}
            sites={sites.map((s) => ({ ...s, description: describe(s) }))}
          />
        </div>
        <div className="space-y-2">
          <h3 className="font-medium">{t('line.visitOrder')}</h3>
          <p className="text-xs text-slate-500">{t('line.visitNote')}</p>
          <ol id="line-sites" className="space-y-1 text-sm" data-testid="visit-order">
            {sites.map((s) => (
              <li key={s.id} className="flex items-start gap-2">
                <span className="w-6 shrink-0 text-right font-mono text-slate-500">
                  {s.visit ?? '—'}
                </span>
                <span className="min-w-0">
                  <span className="font-medium">{s.name}</span> <UrgencyBadge urgency={s.urgency} />
                  <span className="block text-xs text-slate-600">
                    {s.address ?? ''}{' '}
                    {t('line.siteMachines', { machines: s.machineCount, offline: s.offline })}
                  </span>
                </span>
              </li>
            ))}
          </ol>
        </div>
      </section>

      <section aria-labelledby="priority-heading" className="space-y-3">
        <div>
          <h2 id="priority-heading" className="text-lg font-semibold">
            {t('line.priority')}
          </h2>
          <p className="text-sm text-slate-600">{t('line.priorityIntro')}</p>
        </div>
        {canPlan && (
          <div
            className="sticky top-0 z-10 flex flex-wrap items-center gap-3 rounded border border-blue-200 bg-blue-50 p-3 text-sm print:hidden"
            role="region"
            aria-label={t('line.runBar')}
          >
            <span data-testid="run-summary" aria-live="polite">
              {t('line.selected', {
                count: chosen.length,
                units: chosen.reduce((n, m) => n + m.unitsToLoad, 0),
              })}
            </span>
            <button
              type="button"
              className={quietButtonClass}
              onClick={() =>
                setSelected(
                  new Set(
                    machines
                      .filter((m) => m.urgency === 'soldOut' || m.urgency === 'low')
                      .map((m) => m.assetId),
                  ),
                )
              }
            >
              {t('line.selectUrgent')}
            </button>
            <button
              type="button"
              className={quietButtonClass}
              onClick={() => setSelected(new Set())}
            >
              {t('line.clear')}
            </button>
            <button
              type="button"
              className={buttonClass}
              disabled={chosen.length === 0 || build.isPending}
              onClick={() => {
                setError(null);
                build.mutate(runOrder(data, selected));
              }}
            >
              {t('line.buildRun')}
            </button>
            <Link
              href={`/lines/${id}/route-day`}
              className="font-medium text-blue-800 underline"
              data-testid="line-route-day"
            >
              {t('line.routeDay')}
            </Link>
            <Link
              href={`/pick-lists?lineIds=${id}`}
              className="text-blue-800 underline"
              data-testid="line-pick-list"
            >
              {t('line.wholeLine')}
            </Link>
            {error && <Notice kind="error">{error}</Notice>}
          </div>
        )}
        <PriorityTable
          machines={machines}
          sites={sites}
          selectable={canPlan}
          selected={selected}
          onToggle={(assetId) =>
            setSelected((prev) => {
              const next = new Set(prev);
              if (!next.delete(assetId)) next.add(assetId);
              return next;
            })
          }
        />
        <p className="text-xs text-slate-500">{t('stockNote')}</p>
      </section>
    </article>
  );
}
