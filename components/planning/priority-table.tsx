'use client';

import Link from 'next/link';
import { useFormatter, useTranslations } from 'use-intl';
import { DataTable } from '@/components/data-table';
import type { PlannedMachine, PlannedSite } from '@/lib/planning/queries';
import { Reasons } from './reasons';
import { UrgencyBadge } from './urgency';

/**
 * A line's machines, most urgent first, each with the reasons for its rank: cards on a phone
 * (units to load beside the name), a table from md up.
 */
export function PriorityTable({
  machines,
  sites,
  selectable,
  selected,
  onToggle,
}: {
  machines: PlannedMachine[];
  sites: PlannedSite[];
  selectable: boolean;
  selected: Set<string>;
  onToggle: (assetId: string) => void;
}) {
  const t = useTranslations('planning');
  const format = useFormatter();
  const visit = new Map(sites.map((s) => [s.id, s.visit]));
  const when = (s: number | null) =>
    s === null ? t('never') : format.dateTime(new Date(s * 1000), 'date');
  const headers = [
    ...(selectable ? [t('priority.inRun')] : []),
    t('priority.rank'),
    t('priority.machine'),
    t('priority.site'),
    t('priority.state'),
    t('priority.reasons'),
    t('priority.unitsPerDay'),
    t('lines.lastRefill'),
    t('lines.unitsToLoad'),
  ];
  const tick = (m: PlannedMachine) =>
    selectable && (
      <input
        type="checkbox"
        className="h-4 w-4 shrink-0"
        checked={selected.has(m.assetId)}
        onChange={() => onToggle(m.assetId)}
        aria-label={t('priority.select', { machine: m.name ?? m.assetId })}
      />
    );
  return (
    <>
      <ul className="space-y-2 md:hidden" data-testid="priority-cards">
        {machines.length === 0 && <li className="text-slate-600">{t('priority.empty')}</li>}
        {machines.map((m) => {
          const v = m.siteId === null ? null : visit.get(m.siteId);
          return (
            <li
              key={m.assetId}
              className={`flex items-start gap-3 rounded border border-slate-200 p-3 ${selected.has(m.assetId) ? 'bg-blue-50' : 'bg-white'}`}
              data-testid={`rank-card-${m.rank}`}
            >
              <span className="w-5 shrink-0 font-semibold tabular-nums">{m.rank}</span>
              <div className="min-w-0 flex-1 space-y-1">
                <div className="flex flex-wrap items-baseline justify-between gap-x-2">
                  <Link
                    href={`/machines/${encodeURIComponent(m.assetId)}`}
                    className="font-medium text-blue-700 underline"
                  >
                    {m.name ?? m.assetId}
                  </Link>
                  <span className="font-semibold tabular-nums">
                    {t('lines.toLoad', { n: m.unitsToLoad })}
                  </span>
                </div>
                <p className="flex flex-wrap gap-x-2 text-xs text-slate-600">
                  <UrgencyBadge urgency={m.urgency} />
                  <span>{m.siteName ?? '—'}</span>
                  {v != null && <span>{t('priority.stop', { n: v })}</span>}
                  {m.online === false && <span>{t('priority.offline')}</span>}
                </p>
                <div className="text-sm">
                  <Reasons reasons={m.reasons} />
                </div>
              </div>
              {tick(m)}
            </li>
          );
        })}
      </ul>
      <div className="hidden md:block">
        <DataTable headers={headers} empty={machines.length === 0 && t('priority.empty')}>
          {machines.map((m) => {
            const v = m.siteId === null ? null : visit.get(m.siteId);
            const label = m.name ?? m.assetId;
            return (
              <tr
                key={m.assetId}
                className={`border-t border-slate-100 align-top ${selected.has(m.assetId) ? 'bg-blue-50' : ''}`}
                data-testid={`rank-${m.rank}`}
                data-asset-id={m.assetId}
              >
                {selectable && <td className="px-3 py-2">{tick(m)}</td>}
                <td className="px-3 py-2 font-semibold tabular-nums">{m.rank}</td>
                <td className="px-3 py-2">
                  <Link
                    href={`/machines/${encodeURIComponent(m.assetId)}`}
                    className="text-blue-700 underline"
                  >
                    {label}
                  </Link>
                  <span className="block font-mono text-xs text-slate-500">{m.assetId}</span>
                </td>
                <td className="px-3 py-2">
                  {m.siteName ?? '—'}
                  {v != null && (
                    <span className="block text-xs text-slate-500">
                      {t('priority.stop', { n: v })}
                    </span>
                  )}
                </td>
                <td className="px-3 py-2">
                  <UrgencyBadge urgency={m.urgency} />
                  <span className="block text-xs text-slate-600">
                    {t(
                      m.online === null
                        ? 'priority.onlineUnknown'
                        : m.online
                          ? 'priority.online'
                          : 'priority.offline',
                    )}
                  </span>
                </td>
                <td className="px-3 py-2">
                  <Reasons reasons={m.reasons} />
                </td>
                <td className="px-3 py-2 tabular-nums">
                  {format.number(m.unitsPerDay, { maximumFractionDigits: 1 })}
                </td>
                <td className="px-3 py-2">{when(m.lastRefillTime)}</td>
                <td className="px-3 py-2 tabular-nums">{t('units', { n: m.unitsToLoad })}</td>
              </tr>
            );
          })}
        </DataTable>
      </div>
    </>
  );
}
