'use client';

import type { ReactNode } from 'react';
import { useTranslations } from 'use-intl';

/**
 * Figures that belong to the previous question (another period, filter or page) while the
 * answer to the new one loads: dimmed, not clickable and announced as loading, so nobody reads
 * the old period's number as the new one. Pair with a query's `isPlaceholderData` (under
 * `placeholderData: keepPreviousData`).
 */
export function Refreshing({
  stale,
  children,
  className = '',
}: {
  stale: boolean;
  children: ReactNode;
  className?: string;
}) {
  const t = useTranslations('common');
  return (
    <div
      aria-busy={stale}
      data-stale={stale || undefined}
      className={`${className} transition-opacity ${stale ? 'pointer-events-none opacity-40' : ''}`}
    >
      {stale && (
        <span role="status" className="sr-only">
          {t('loading')}
        </span>
      )}
      {children}
    </div>
  );
}
