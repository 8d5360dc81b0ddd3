'use client';

import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'use-intl';
import { DataTable } from '@/components/data-table';
import { buttonClass, Field, inputClass, Notice } from '@/components/form';
import { send } from '@/lib/admin/queries';
import { syncRunsQuery, type SyncRunView } from '@/lib/sync/queries';
import { useProblemText } from './problem';
import { Reconciliation } from './reconcile';

const JOBS = [
  'trades',
  'refills',
  'lines',
  'sites',
  'goods',
  'status',
  'sales',
  'reconcile',
] as const;
const WINDOWED = new Set<string>(['trades', 'refills', 'reconcile']);
const PER_MACHINE = new Set<string>(['trades', 'refills', 'status', 'sales', 'reconcile']);

function StartForm() {
  const t = useTranslations('sync');
  const tc = useTranslations('common');
  const qc = useQueryClient();
  const [job, setJob] = useState<string>('trades');
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const start = useMutation({
    mutationFn: (body: unknown) => send<{ runId: number }>('POST', '/api/v1/sync', body),
    onSuccess: (r) => {
      setNotice({ kind: 'ok', text: t('started', { runId: r.runId }) });
      void qc.invalidateQueries({ queryKey: ['sync-runs'] });
    },
    onError: (e: Error) => setNotice({ kind: 'error', text: tc('error', { message: e.message }) }),
  });
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    const hours = Number(text('hours') || 0);
    const now = Math.floor(Date.now() / 1000);
    start.mutate({
      job,
      ...(WINDOWED.has(job) && hours > 0 && { since: now - hours * 3600, until: now }),
      ...(PER_MACHINE.has(job) && text('assetId') && { assetId: text('assetId') }),
    });
  }
  return (
    <form
      onSubmit={submit}
      aria-labelledby="start-heading"
      className="space-y-3 rounded border border-slate-200 bg-white p-4"
    >
      <h2 id="start-heading" className="font-medium">
        {t('start')}
      </h2>
      <div className="flex flex-wrap items-end gap-3">
        <Field label={t('job')}>
          <select className={inputClass} value={job} onChange={(e) => setJob(e.target.value)}>
            {JOBS.map((j) => (
              <option key={j} value={j}>
                {t(`jobs.${j}`)}
              </option>
            ))}
          </select>
        </Field>
        {WINDOWED.has(job) && (
          <Field label={t('hours')}>
            <input name="hours" type="number" min={1} max={8784} className={`${inputClass} w-28`} />
          </Field>
        )}
        {PER_MACHINE.has(job) && (
          <Field label={t('assetId')}>
            <input name="assetId" className={inputClass} />
          </Field>
        )}
        <button type="submit" className={buttonClass} disabled={start.isPending}>
          {t('startButton')}
        </button>
      </div>
      <p className="text-xs text-slate-600">{t('startHint')}</p>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
    </form>
  );
}

function Progress({ run }: { run: SyncRunView }) {
  const t = useTranslations('sync');
  if (run.state !== 'running' && run.state !== 'queued')
    return <span className="whitespace-nowrap">{t('doneCount', { done: run.done })}</span>;
  const label = run.total
    ? t('progress', { done: run.done, total: run.total })
    : t('doneCount', { done: run.done });
  return (
    <div className="flex items-center gap-2">
      <progress
        className="h-2 w-28"
        value={run.total ? Math.min(run.done, run.total) : undefined}
        max={run.total ?? undefined}
        aria-label={label}
      />
      <span className="tabular-nums">{label}</span>
    </div>
  );
}

function Runs() {
  const t = useTranslations('sync');
  const format = useFormatter();
  const problemText = useProblemText();
  const { data } = useQuery(syncRunsQuery());
  const rows = data?.items ?? [];
  return (
    <section aria-labelledby="runs-heading" className="space-y-2">
      <h2 id="runs-heading" className="font-medium">
        {t('runs')}
      </h2>
      <DataTable
        cards
        headers={[
          t('run'),
          t('job'),
          t('state'),
          t('progressHeader'),
          t('imported'),
          t('updated'),
          t('duration'),
          t('requested'),
          t('errors'),
        ]}
        empty={rows.length === 0 && t('none')}
      >
        {rows.map((r) => (
          <tr
            key={r.runId}
            className="border-t border-slate-100 align-top"
            data-testid={`run-${r.runId}`}
          >
            <td className="px-3 py-2 tabular-nums">{r.runId}</td>
            <td className="px-3 py-2">
              {t(`jobs.${r.job}`)}
              {r.params.assetId && (
                <span className="block text-xs text-slate-600">{r.params.assetId}</span>
              )}
              {r.params.since !== undefined && r.params.until !== undefined && (
                <span className="block text-xs text-slate-600">
                  {/* Each end on its own: Node's and the browser's ICU space a range
                      differently in English (U+2009 and U+202F against plain spaces), which
                      broke hydration. */}
                  {format.dateTime(new Date(r.params.since * 1000), 'dateTime')} –{' '}
                  {format.dateTime(new Date(r.params.until * 1000), 'dateTime')}
                </span>
              )}
            </td>
            <td className="px-3 py-2" data-testid="run-state">
              <span
                className={
                  r.state === 'failed'
                    ? 'text-red-700'
                    : r.state === 'succeeded'
                      ? 'text-green-800'
                      : 'text-blue-800'
                }
              >
                {t(`states.${r.state}`)}
              </span>
            </td>
            <td className="px-3 py-2">
              <Progress run={r} />
            </td>
            <td className="px-3 py-2 tabular-nums">{r.imported}</td>
            <td className="px-3 py-2 tabular-nums">{r.updated}</td>
            <td className="px-3 py-2 tabular-nums">
              {r.durationS === null ? '—' : t('seconds', { s: r.durationS })}
            </td>
            <td className="px-3 py-2">
              {t(`triggers.${r.trigger}`)}
              <span className="block text-xs text-slate-600">
                {format.dateTime(new Date(r.createdAt * 1000), 'dateTime')}
              </span>
            </td>
            <td className="px-3 py-2 text-xs">
              {r.errors.length === 0 ? (
                '—'
              ) : (
                // Wide enough to read a sentence on a phone (the table scrolls sideways).
                <ul className="min-w-64 max-w-md space-y-1">
                  {r.errors.slice(-3).map((e, i) => (
                    <li key={i} className="break-words text-red-800" data-testid="run-error">
                      {e.platform
                        ? problemText(e.platform)
                        : e.resumed
                          ? t('resumedRun')
                          : e.message}
                    </li>
                  ))}
                </ul>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

export function SyncClient() {
  const t = useTranslations('sync');
  return (
    <section aria-labelledby="sync-heading" className="space-y-6">
      <div>
        <h1 id="sync-heading" className="text-xl font-semibold">
          {t('heading')}
        </h1>
        <p className="text-sm text-slate-600">{t('intro')}</p>
      </div>
      <StartForm />
      <Runs />
      <Reconciliation />
    </section>
  );
}
