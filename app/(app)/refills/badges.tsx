'use client';

import { useTranslations } from 'use-intl';
import type { Verdict, LineStatus } from '@/lib/refills/rules';

const VERDICT_TONE: Record<Verdict, string> = {
  matched: 'bg-green-100 text-green-900',
  variance: 'bg-red-100 text-red-900',
  trades_missing: 'bg-amber-100 text-amber-900',
};
export const STATUS_TONE: Record<LineStatus, string> = {
  matched: '',
  over: 'bg-amber-50',
  short: 'bg-red-50',
  missing: 'bg-amber-50',
};

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  const t = useTranslations('refills.verdicts');
  return (
    <span
      className={`rounded px-2 py-0.5 text-xs font-medium whitespace-nowrap ${VERDICT_TONE[verdict]}`}
      data-verdict={verdict}
    >
      {t(verdict)}
    </span>
  );
}

export function StatusBadge({ status }: { status: LineStatus }) {
  const t = useTranslations('refills.status');
  return (
    <span
      className={`text-xs font-medium ${status === 'matched' ? 'text-green-800' : status === 'short' ? 'text-red-800' : 'text-amber-900'}`}
    >
      {t(status)}
    </span>
  );
}

/** Settlements recovered through §8.2 (their push never arrived) are marked. */
export function SourceBadge({ source }: { source: 'push' | 'pull' }) {
  const t = useTranslations('refills.sources');
  return (
    <span
      className="ml-2 rounded bg-violet-100 px-1.5 py-0.5 text-xs text-violet-900"
      data-testid="recovered"
    >
      {t(source)}
    </span>
  );
}
