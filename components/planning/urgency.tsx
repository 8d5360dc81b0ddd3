'use client';

import { useTranslations } from 'use-intl';
import { URGENCY_ORDER, type Urgency } from '@/lib/planning/refill-priority';

/** One colour per urgency, on the map and in the tables (the legend names them). */
export const URGENCY_FILL: Record<Urgency, string> = {
  soldOut: '#dc2626',
  low: '#f59e0b',
  unknown: '#94a3b8',
  ok: '#10b981',
};

export function UrgencyBadge({ urgency }: { urgency: Urgency }) {
  const t = useTranslations('planning.urgency');
  return (
    <span className="inline-flex items-center gap-1.5 whitespace-nowrap" data-urgency={urgency}>
      <span
        aria-hidden
        className="inline-block h-3 w-3 rounded-full"
        style={{ backgroundColor: URGENCY_FILL[urgency] }}
      />
      {t(urgency)}
    </span>
  );
}

/** The map's key: urgency colours, the offline ring and, for a line, the route. */
export function MapLegend({ route }: { route?: boolean }) {
  const t = useTranslations('planning');
  return (
    <div
      role="group"
      aria-label={t('map.legend')}
      className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700"
    >
      {URGENCY_ORDER.map((u) => (
        <span key={u} className="flex items-center gap-1.5">
          <span
            aria-hidden
            className="inline-block h-3 w-3 rounded-full"
            style={{ backgroundColor: URGENCY_FILL[u] }}
          />
          <span>
            <strong>{t(`urgency.${u}`)}</strong>: {t(`urgencyText.${u}`)}
          </span>
        </span>
      ))}
      <span className="flex items-center gap-1.5">
        <span
          aria-hidden
          className="inline-block h-3 w-3 rounded-full border-2 border-dashed border-slate-900"
        />
        {t('map.offlineRing')}
      </span>
      {route && (
        <span className="flex items-center gap-1.5">
          <span aria-hidden className="inline-block h-0.5 w-5 bg-blue-700" />
          {t('map.routeLine')}
        </span>
      )}
    </div>
  );
}
