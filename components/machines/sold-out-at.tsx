'use client';

import { useFormatter, useTranslations } from 'use-intl';
import { soldOutIn } from '@/lib/fleet/sold-out-in';

/** A machine's earliest predicted sold-out: "in about 9 h", the time itself on hover (D96). */
export function SoldOutAt({ at, now }: { at: number | null; now: number }) {
  const t = useTranslations('machines');
  const format = useFormatter();
  const left = soldOutIn({ at, now });
  if (!left) return <span className="text-slate-400">—</span>;
  const soon =
    left.unit === 'now' || left.unit === 'minutes' || (left.unit === 'hours' && left.n < 12);
  return (
    <span
      data-testid="earliest-sold-out"
      title={
        at === null
          ? undefined
          : t('soldOutAt', { time: format.dateTime(new Date(at * 1000), 'dayTime') })
      }
      className={soon ? 'font-medium text-red-700' : ''}
    >
      {t('soldOutIn', left.unit === 'now' ? { unit: 'now', n: 0 } : left)}
    </span>
  );
}
