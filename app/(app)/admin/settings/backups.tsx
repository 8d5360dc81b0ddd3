'use client';

import { useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'use-intl';
import { DataTable } from '@/components/data-table';
import { Notice } from '@/components/form';
import { useDuration } from '@/components/machine/use-duration';
import { useErrorText } from '@/components/use-error-text';
import { ApiRequestError } from '@/lib/edge/fetch-json';
import { backupsQuery } from '@/lib/admin/backups/queries';
import type { BackupItem } from '@/lib/admin/backups/view';

const TONE = {
  ok: 'bg-green-100 text-green-900',
  failed: 'bg-red-100 text-red-900',
  running: 'bg-slate-100 text-slate-800',
} as const;

/**
 * The last backup and its age, size, outcome and upload; then the recent ones (D91). A
 * failure or an overdue backup is also an alert; this is where an admin sees the detail.
 */
export function BackupsPanel({ byEngine = false }: { byEngine?: boolean }) {
  const t = useTranslations('backups');
  const tc = useTranslations('common');
  const ta = useTranslations('common.apiErrors');
  const format = useFormatter();
  const duration = useDuration();
  const errorText = useErrorText();
  // On PostgreSQL the app takes no backups (D111): the page says so without asking the API,
  // whose refusal (409) a browser would log as a failed load.
  const { data, error } = useQuery({ ...backupsQuery(), enabled: !byEngine });
  const size = (bytes: number | null) =>
    bytes === null ? '—' : t('megabytes', { mb: Math.round((bytes / 1024 / 1024) * 10) / 10 });
  const when = (s: number) => format.dateTime(new Date(s * 1000), 'dateTime');
  const last = data?.lastGood;
  const stale =
    data && data.intervalH > 0 && data.lastGoodAgeS !== null
      ? data.lastGoodAgeS > 2 * data.intervalH * 3600
      : false;
  const latest = data?.items[0];

  return (
    <section aria-labelledby="backups-heading" className="space-y-4" data-testid="backups">
      <div>
        <h2 id="backups-heading" className="text-lg font-semibold">
          {t('heading')}
        </h2>
        <p className="text-sm text-slate-600">
          {data && data.intervalH > 0
            ? t('schedule', { hours: data.intervalH })
            : data && t('scheduleOff')}
        </p>
      </div>
      {byEngine && (
        <p className="text-sm text-slate-700" data-testid="backups-by-engine">
          {ta('BACKUPS_BY_ENGINE')}
        </p>
      )}
      {error &&
        (error instanceof ApiRequestError && error.code === 'BACKUPS_BY_ENGINE' ? (
          // On PostgreSQL the app takes no snapshots (D111): said, not shown as a failure.
          <p className="text-sm text-slate-700" data-testid="backups-by-engine">
            {errorText(error)}
          </p>
        ) : (
          <Notice kind="error">{tc('error', { message: errorText(error) })}</Notice>
        ))}
      {data && (
        <dl
          className="grid grid-cols-2 gap-x-4 gap-y-2 rounded border border-slate-200 bg-white p-4 text-sm md:grid-cols-5"
          data-testid="backup-last"
        >
          <div className="col-span-2 md:col-span-1">
            <dt className="text-xs text-slate-600">{t('last')}</dt>
            <dd className="font-medium">{last ? when(last.startedAt) : t('none')}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-600">{t('age')}</dt>
            <dd
              className={stale ? 'font-medium text-red-700' : 'font-medium'}
              data-testid="backup-age"
            >
              {data.lastGoodAgeS !== null
                ? t('ago', { duration: duration(data.lastGoodAgeS) })
                : '—'}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-600">{t('size')}</dt>
            <dd className="font-medium">{size(last?.bytes ?? null)}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-600">{t('outcome')}</dt>
            <dd>{latest ? <Outcome item={latest} /> : '—'}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-600">{t('upload')}</dt>
            <dd>{last ? <Upload item={last} /> : '—'}</dd>
          </div>
        </dl>
      )}
      {stale && <Notice kind="error">{t('stale', { hours: data!.intervalH })}</Notice>}
      {latest?.outcome === 'failed' && (
        <div className="space-y-1">
          <Notice kind="error">{t(`failed.${latest.failedAt ?? 'copy'}`)}</Notice>
          <Detail text={latest.error} />
        </div>
      )}
      {data && data.items.length > 0 && (
        <DataTable cards headers={[t('started'), t('result'), t('size'), t('took'), t('upload')]}>
          {data.items.map((b) => (
            <tr key={b.id} className="border-t border-slate-100" data-testid={`backup-${b.id}`}>
              <td className="px-3 py-2 whitespace-nowrap">{when(b.startedAt)}</td>
              <td className="px-3 py-2">
                <Outcome item={b} />
              </td>
              <td className="px-3 py-2 whitespace-nowrap">{size(b.bytes)}</td>
              <td className="px-3 py-2 whitespace-nowrap">
                {b.durationMs === null || b.outcome !== 'ok'
                  ? '—'
                  : t('seconds', { s: Math.round(b.durationMs / 100) / 10 })}
              </td>
              <td className="px-3 py-2">
                <Upload item={b} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {/* npm run backup and restore refuse on PostgreSQL (D111): no instructions for them there. */}
      {!byEngine && <p className="text-xs text-slate-600">{t('howto')}</p>}
    </section>
  );
}

function Outcome({ item }: { item: BackupItem }) {
  const t = useTranslations('backups');
  return (
    <span
      className={`self-start rounded px-2 py-0.5 text-xs font-medium ${TONE[item.outcome]}`}
      title={item.name ?? undefined}
    >
      {t(`outcomes.${item.outcome}`)}
    </span>
  );
}

function Upload({ item }: { item: BackupItem }) {
  const t = useTranslations('backups');
  const format = useFormatter();
  const u = item.upload;
  if (u.state === 'done')
    return (
      <span className="text-sm break-all">
        {t('uploads.done', { at: format.dateTime(new Date(u.at! * 1000), 'dayTime') })}
      </span>
    );
  if (u.state === 'failed')
    return (
      <span className="space-y-1 text-sm text-red-700">
        <span className="block">{t('uploads.failed')}</span>
        <Detail text={u.error} />
      </span>
    );
  return <span className="text-sm text-slate-600">{t(`uploads.${u.state}`)}</span>;
}

/** The system's own words (SQLite's, the storage's): a diagnostic, shown as it came. */
function Detail({ text }: { text: string | null }) {
  const t = useTranslations('backups');
  if (!text) return null;
  return (
    <span className="block text-xs break-words text-slate-700">
      {t('detail')} <code className="font-mono">{text}</code>
    </span>
  );
}
