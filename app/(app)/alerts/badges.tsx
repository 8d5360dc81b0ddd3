'use client';

import { useFormatter, useTranslations } from 'use-intl';
import type { AlertItem } from '@/lib/alerts/queries';

const TONE = {
  open: 'bg-red-100 text-red-900',
  acknowledged: 'bg-amber-100 text-amber-900',
  resolved: 'bg-green-100 text-green-900',
} as const;

/** The alert's state, its snooze and its assignee, as small badges. */
export function AlertState({ alert }: { alert: AlertItem }) {
  const t = useTranslations('alerts');
  const format = useFormatter();
  return (
    <span className="inline-flex flex-wrap items-center gap-1 text-xs" data-testid="alert-state">
      <span className={`rounded px-2 py-0.5 font-medium ${TONE[alert.state]}`}>
        {t(`states.${alert.state}`)}
      </span>
      {alert.snoozed && alert.snoozedUntil !== null && (
        <span className="rounded bg-slate-200 px-2 py-0.5 text-slate-800">
          {t('snoozedUntil', {
            time: format.dateTime(new Date(alert.snoozedUntil * 1000), 'dayTime'),
          })}
        </span>
      )}
      {alert.assignee && (
        <span className="rounded bg-blue-100 px-2 py-0.5 text-blue-900">
          {t('assignedTo', { name: alert.assignee.name })}
        </span>
      )}
    </span>
  );
}
