'use client';

import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'use-intl';
import { buttonClass, Field, inputClass, Notice } from '@/components/form';
import { send, thresholdsQuery } from '@/lib/admin-queries';
import type { Thresholds } from '@/lib/alerts/thresholds';

const FIELDS = [
  'offlineMinutes',
  'doorOpenMinutes',
  'staleHours',
  'temperatureToleranceC',
] as const;

export function ThresholdsForm() {
  const t = useTranslations('settings');
  const tc = useTranslations('common');
  const qc = useQueryClient();
  const { data } = useQuery(thresholdsQuery());
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const save = useMutation({
    mutationFn: (body: Thresholds) => send<Thresholds>('PUT', '/api/v1/settings/thresholds', body),
    onSuccess: () => {
      setNotice({ kind: 'ok', text: t('thresholdsSaved') });
      void qc.invalidateQueries({ queryKey: ['thresholds'] });
      void qc.invalidateQueries({ queryKey: ['overview'] });
    },
    onError: (e: Error) => setNotice({ kind: 'error', text: tc('error', { message: e.message }) }),
  });
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    save.mutate(Object.fromEntries(FIELDS.map((k) => [k, Number(f.get(k))])) as Thresholds);
  }
  if (!data) return null;
  return (
    <form
      onSubmit={submit}
      aria-labelledby="thresholds-heading"
      className="space-y-3 rounded border border-slate-200 bg-white p-4"
    >
      <div>
        <h2 id="thresholds-heading" className="font-medium">
          {t('thresholdsHeading')}
        </h2>
        <p className="text-sm text-slate-600">{t('thresholdsIntro')}</p>
      </div>
      <div className="flex flex-wrap items-end gap-3">
        {FIELDS.map((k) => (
          <Field key={k} label={t(k)}>
            <input
              name={k}
              type="number"
              min={k === 'staleHours' ? 1 : 0}
              required
              defaultValue={data[k]}
              className={`${inputClass} w-32`}
            />
          </Field>
        ))}
        <button type="submit" className={buttonClass} disabled={save.isPending}>
          {tc('save')}
        </button>
      </div>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
    </form>
  );
}
