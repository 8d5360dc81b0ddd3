'use client';

import { useFormatter, useTranslations } from 'use-intl';
import type { Reason } from '@/lib/planning/refill-priority';

/** A ranking reason in words, e.g. "2 shelves sold out, longest for 5 h". */
export function useReasonText() {
  const t = useTranslations('planning.reasons');
  const format = useFormatter();
  return (r: Reason): string => {
    switch (r.kind) {
      case 'soldOut':
        return r.hours === null
          ? t('soldOut', { shelves: r.shelves })
          : t('soldOutFor', { shelves: r.shelves, hours: r.hours });
      case 'underValve':
        return t('underValve', { shelves: r.shelves });
      case 'sellsOut':
        return t('sellsOut', { shelves: r.shelves, hours: r.hours });
      case 'velocity':
        return t('velocity', {
          unitsPerDay: format.number(r.unitsPerDay, { maximumFractionDigits: 1 }),
        });
      case 'sinceRefill':
        return t('sinceRefill', { days: r.days });
      case 'noRefill':
        return t('noRefill');
      case 'offline':
        return r.hours === null ? t('offline') : t('offlineFor', { hours: r.hours });
    }
  };
}

/**
 * The reasons of one rank, weightiest first, in words only: the points behind the ranking
 * are the ranking's business, not a planner's (D82).
 */
export function Reasons({ reasons }: { reasons: Reason[] }) {
  const t = useTranslations('planning.reasons');
  const text = useReasonText();
  if (!reasons.length) return <span className="text-slate-500">{t('none')}</span>;
  return (
    <ul className="space-y-0.5" data-testid="reasons">
      {reasons.map((r) => (
        <li key={r.kind} data-reason={r.kind}>
          {text(r)}
        </li>
      ))}
    </ul>
  );
}
