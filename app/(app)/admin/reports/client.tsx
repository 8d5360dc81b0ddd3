'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { DataTable } from '@/components/data-table';
import { buttonClass, Field, inputClass, Notice, quietButtonClass } from '@/components/form';
import { useErrorText } from '@/components/use-error-text';
import { send } from '@/lib/admin/queries';
import { LOCALES } from '@/lib/i18n';
import { SCHEDULED_REPORTS as REPORTS, type ScheduledReport } from '@/lib/reports/kinds';
import { schedulesQuery } from '@/lib/reports/queries';

export function ReportSchedulesClient() {
  const t = useTranslations('reports.schedules');
  const tn = useTranslations('reports.names');
  const tc = useTranslations('common');
  const errorText = useErrorText();
  const qc = useQueryClient();
  const { data, error } = useQuery(schedulesQuery());
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['report-schedules'] });
  const ok = (message: string) => () => {
    setFailure(null);
    setDone(message);
    void refresh();
  };
  const fail = (e: Error) => {
    setDone(null);
    setFailure(errorText(e));
  };
  const create = useMutation({
    mutationFn: (body: unknown) => send('POST', '/api/v1/report-schedules', body),
    onSuccess: ok(t('created')),
    onError: fail,
  });
  const remove = useMutation({
    mutationFn: (id: number) => send('DELETE', `/api/v1/report-schedules/${id}`),
    onSuccess: ok(t('deleted')),
    onError: fail,
  });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    create.mutate({
      report: f.get('report'),
      channelId: Number(f.get('channelId')),
      at: f.get('at'),
      language: f.get('language'),
    });
  }
  const channels = data?.channels ?? [];

  return (
    <section aria-labelledby="schedules-heading" className="space-y-6">
      <h1 id="schedules-heading" className="text-xl font-semibold">
        {t('title')}
      </h1>
      <p className="max-w-3xl text-sm text-slate-700">{t('intro')}</p>
      {error && <Notice kind="error">{tc('error', { message: errorText(error) })}</Notice>}
      {failure && <Notice kind="error">{tc('error', { message: failure })}</Notice>}
      {done && <Notice kind="ok">{done}</Notice>}
      <DataTable
        cards
        headers={[t('report'), t('channel'), t('at'), t('language'), t('lastSent'), tc('actions')]}
        empty={data?.items.length === 0 && t('empty')}
      >
        {data?.items.map((s) => (
          <tr key={s.id} className="border-t border-slate-100">
            <td className="px-3 py-2">{tn(s.report as ScheduledReport)}</td>
            <td className="px-3 py-2">{s.channelName}</td>
            <td className="px-3 py-2 tabular-nums">{s.at}</td>
            <td className="px-3 py-2">{t(`languages.${s.language}`)}</td>
            <td className="px-3 py-2">{s.lastQueuedFor ?? t('never')}</td>
            <td className="px-3 py-2">
              <button
                type="button"
                className={quietButtonClass}
                onClick={() => window.confirm(t('confirmDelete')) && remove.mutate(s.id)}
              >
                {t('delete')}
              </button>
            </td>
          </tr>
        ))}
      </DataTable>
      {channels.length === 0 ? (
        <p className="text-sm text-slate-700">{t('noChannels')}</p>
      ) : (
        <form
          onSubmit={submit}
          className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-4"
        >
          <h2 className="w-full font-medium">{t('create')}</h2>
          <Field label={t('report')}>
            <select name="report" className={inputClass} defaultValue="dailySales">
              {REPORTS.map((r) => (
                <option key={r} value={r}>
                  {tn(r)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('channel')}>
            <select name="channelId" className={`${inputClass} max-w-56`} required>
              {channels.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('at')}>
            {/* Text, not type="time": the browser's own time field shows AM/PM in its language. */}
            <input
              name="at"
              required
              defaultValue="08:00"
              pattern="([01][0-9]|2[0-3]):[0-5][0-9]"
              title={t('atHint')}
              inputMode="numeric"
              className={`${inputClass} w-24`}
            />
          </Field>
          <Field label={t('language')}>
            <select name="language" className={inputClass} defaultValue="zh-CN">
              {LOCALES.map((l) => (
                <option key={l} value={l}>
                  {t(`languages.${l}`)}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" className={buttonClass} disabled={create.isPending}>
            {t('create')}
          </button>
        </form>
      )}
    </section>
  );
}
