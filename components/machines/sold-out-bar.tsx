'use client';

import { useTranslations } from 'use-intl';

/** Sold-out shelves out of all, as a bar and as text (the colour is never the only cue). */
export function SoldOutBar({ soldOut, total }: { soldOut: number; total: number }) {
  const t = useTranslations('machines');
  const share = total > 0 ? soldOut / total : 0;
  return (
    <div className="flex items-center gap-2" title={t('soldOutLabel', { soldOut, total })}>
      <div aria-hidden className="h-2 w-10 shrink-0 overflow-hidden rounded-full bg-slate-200">
        <div
          className={`h-full rounded-full ${share >= 0.5 ? 'bg-red-600' : share > 0 ? 'bg-amber-500' : ''}`}
          style={{ width: `${Math.round(share * 100)}%` }}
        />
      </div>
      <span aria-hidden className="whitespace-nowrap tabular-nums">
        {t('soldOutOf', { soldOut, total })}
      </span>
      <span className="sr-only">{t('soldOutLabel', { soldOut, total })}</span>
    </div>
  );
}
