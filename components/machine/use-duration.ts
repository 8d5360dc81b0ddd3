'use client';

import { useTranslations } from 'use-intl';
import { durationParts } from '@/lib/fleet/timeline';

/** "2 h 5 min" in the page's language. */
export function useDuration() {
  const t = useTranslations('machine.timeline.duration');
  return (seconds: number) => {
    const { unit, ...parts } = durationParts(seconds);
    const values: Record<string, number> = {};
    for (const [k, v] of Object.entries(parts)) if (typeof v === 'number') values[k] = v;
    return t(unit, values);
  };
}
