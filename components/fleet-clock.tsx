'use client';

import { useSyncExternalStore } from 'react';
import { useFormatter, useNow, useTimeZone, useTranslations } from 'use-intl';

const noSubscription = () => () => {};

/** The time in the fleet's time zone (not the browser's), so everyone reads the same clock. */
export function FleetClock() {
  // Rendered in the browser only: a server-rendered time would be stale by the time it shows.
  const inBrowser = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  return inBrowser ? <Clock /> : null;
}

function Clock() {
  const t = useTranslations('app');
  const format = useFormatter();
  const timeZone = useTimeZone();
  const now = useNow({ updateInterval: 15_000 });
  return (
    <span className="text-slate-600" data-testid="fleet-clock">
      {t('clock', {
        day: format.dateTime(now, { weekday: 'short' }),
        time: format.dateTime(now, 'time'),
        zone: timeZone ?? '',
      })}
    </span>
  );
}
