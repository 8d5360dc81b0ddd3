'use client';

import { useTranslations } from 'use-intl';
import type { SyncError } from '@/db/queries/sync';

export type Problem = NonNullable<SyncError['platform']>;

const KINDS = new Set([
  'refused',
  'html',
  'http',
  'malformed',
  'invalid',
  'missing',
  'timeout',
  'network',
  'config',
]);

/**
 * What the platform's answer amounted to, in the reader's language, with the platform's own
 * words (a FAIL's message fields, an error page's title) quoted as they came (D72).
 */
export function useProblemText() {
  const t = useTranslations('sync.problem');
  return (p: Problem) => {
    const text = t(KINDS.has(p.kind) ? p.kind : 'http', {
      endpoint: p.endpoint,
      status: p.status ?? '—',
      detail: p.detail,
    });
    return p.assetId ? t('machine', { assetId: p.assetId, problem: text }) : text;
  };
}
