'use client';

import Link from 'next/link';
import { useFormatter, useTranslations } from 'use-intl';
import { DataTable } from '@/components/data-table';
import type { PlannedMachine, PlannedSite } from '@/lib/planning-query';
import { Reasons } from './reasons';
import { UrgencyBadge } from './urgency';

/** A line's machines, most urgent first, each with the reasons for its rank. */
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
    s === null ? t('never') : format.dateTime(new Date(s * 1000), { dateStyle: 'short' });
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
  return (
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
            {selectable && (
              <td className="px-3 py-2">
                <input
                  type="checkbox"
                  className="h-4 w-4"
                  checked={selected.has(m.assetId)}
                  onChange={() => onToggle(m.assetId)}
                  aria-label={t('priority.select', { machine: label })}
                />
              </td>
            )}
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
                <span className="block text-xs text-slate-500">{t('priority.stop', { n: v })}</span>
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
  );
}
