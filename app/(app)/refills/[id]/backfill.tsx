'use client';

import Link from 'next/link';
import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'use-intl';
import { buttonClass, Notice } from '@/components/form';
import { useErrorText } from '@/components/use-error-text';
import { send } from '@/lib/admin/queries';

/** A window without a known start is pulled for its last week (a pull from 1970 helps nobody). */
const LONGEST = 7 * 86_400;

/**
 * A visit whose machine sold more than our trades show: the pull of that machine's trades over
 * the visit's window, started here (POST /api/v1/sync), then followed on the sync page.
 */
export function Backfill({ assetId, from, to }: { assetId: string; from: number; to: number }) {
  const t = useTranslations('refills.backfill');
  const errorText = useErrorText();
  const since = from > 0 ? from : to - LONGEST;
  const pull = useMutation({
    mutationFn: () =>
      send<{ runId: number }>('POST', '/api/v1/sync', { job: 'trades', since, until: to, assetId }),
  });
  return (
    <div
      className="space-y-2 rounded border border-amber-300 bg-amber-50 p-3 text-sm"
      data-testid="backfill"
    >
      <p>{t('explain')}</p>
      {pull.data ? (
        <p role="status" className="text-green-800">
          {t('queued', { runId: pull.data.runId })}{' '}
          <Link href="/sync" className="text-blue-800 underline">
            {t('follow')}
          </Link>
        </p>
      ) : (
        <button
          type="button"
          className={buttonClass}
          disabled={pull.isPending}
          onClick={() => pull.mutate()}
        >
          {pull.isPending ? t('starting') : t('start')}
        </button>
      )}
      {pull.error && <Notice kind="error">{errorText(pull.error)}</Notice>}
    </div>
  );
}
