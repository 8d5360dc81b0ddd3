'use client';

import { useTranslations } from 'use-intl';
import type { Origin } from '@/db/schema/org';

/** Where a line or site was learnt: synced from the platform (§9.1/§9.2) or from a push. */
export function OriginLabel({ origin }: { origin: Origin }) {
  const t = useTranslations('planning.origin');
  return <span className="text-xs text-slate-600">{t(origin)}</span>;
}
