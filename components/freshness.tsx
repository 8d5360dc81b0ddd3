'use client';

import { useFormatter, useTranslations } from 'use-intl';

/**
 * "Data as of …" for a query, and a warning when the last refresh failed (the figures shown
 * are then older than they look).
 */
export function Freshness({ updatedAt, failed }: { updatedAt: number; failed?: boolean }) {
  const t = useTranslations('common');
  const format = useFormatter();
  if (!updatedAt) return null;
  return (
    <p className={`text-xs ${failed ? 'text-amber-700' : 'text-slate-500'}`} role="status">
      {t(failed ? 'staleData' : 'updated', {
        time: format.dateTime(new Date(updatedAt), 'timeSeconds'),
      })}
    </p>
  );
}
