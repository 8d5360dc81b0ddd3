'use client';

import { useFormatter, useNow, useTimeZone, useTranslations } from 'use-intl';

/** The time in the fleet's time zone (not the browser's), so everyone reads the same clock. */
export function FleetClock() {
  const t = useTranslations('app');
  const format = useFormatter();
  const timeZone = useTimeZone();
  const now = useNow({ updateInterval: 15_000 });
  return (
    // Server and browser render a few seconds apart: the minute may differ at a boundary.
    <span className="text-slate-600" data-testid="fleet-clock" suppressHydrationWarning>
      {t('clock', {
        time: format.dateTime(now, { weekday: 'short', hour: '2-digit', minute: '2-digit' }),
        zone: timeZone ?? '',
      })}
    </span>
  );
}
