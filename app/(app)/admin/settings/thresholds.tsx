'use client';

import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'use-intl';
import { buttonClass, Field, inputClass, Notice } from '@/components/form';
import { send, thresholdsQuery } from '@/lib/admin/queries';
import { ALERT_KINDS, DURATION_FIELD, TOLERANCE_UNIT } from '@/lib/alerts/kinds';
import type { KindRuleInput, Thresholds, ThresholdsInput } from '@/lib/alerts/thresholds';

const FIELDS = [
  'offlineMinutes',
  'doorOpenMinutes',
  'staleHours',
  'temperatureToleranceC',
  'clearMinutes',
] as const;

/** A number field left blank is "not set" (the shared clear duration, no tolerance). */
const optional = (v: FormDataEntryValue | null) =>
  v === null || String(v).trim() === '' ? undefined : Number(v);

function kindsOf(f: FormData): ThresholdsInput['kinds'] {
  const kinds: NonNullable<ThresholdsInput['kinds']> = {};
  for (const k of ALERT_KINDS) {
    const rule: KindRuleInput = {
      minutes: optional(f.get(`${k}.minutes`)),
      clearMinutes: optional(f.get(`${k}.clearMinutes`)),
      tolerance: optional(f.get(`${k}.tolerance`)),
    };
    const set = Object.fromEntries(Object.entries(rule).filter(([, v]) => v !== undefined));
    if (Object.keys(set).length > 0) kinds[k] = set;
  }
  return kinds;
}

export function ThresholdsForm() {
  const t = useTranslations('settings');
  const tk = useTranslations('overview.kind');
  const tc = useTranslations('common');
  const qc = useQueryClient();
  const { data } = useQuery(thresholdsQuery());
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const save = useMutation({
    mutationFn: (body: ThresholdsInput) =>
      send<Thresholds>('PUT', '/api/v1/settings/thresholds', body),
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
    const base = Object.fromEntries(FIELDS.map((k) => [k, Number(f.get(k))]));
    save.mutate({ ...(base as Omit<ThresholdsInput, 'kinds'>), kinds: kindsOf(f) });
  }
  if (!data) return null;
  const small = `${inputClass} w-24`;
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
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">{t('kindRulesHeading')}</legend>
        <p className="text-sm text-slate-600">{t('kindRulesIntro')}</p>
        <ul className="divide-y divide-slate-100" data-testid="kind-rules">
          {ALERT_KINDS.map((k) => {
            const rule = data.kinds[k] ?? {};
            const unit = k === 'temperature' ? undefined : TOLERANCE_UNIT[k];
            return (
              <li key={k} className="flex flex-wrap items-end gap-3 py-2">
                <span className="w-full text-sm font-medium sm:w-40 sm:pb-2">{tk(k)}</span>
                {DURATION_FIELD[k] ? (
                  <span className="w-24 pb-2 text-xs text-slate-500">{t('durationAbove')}</span>
                ) : (
                  <Field label={t('kindMinutes')}>
                    <input
                      name={`${k}.minutes`}
                      type="number"
                      min={0}
                      defaultValue={rule.minutes ?? 0}
                      className={small}
                    />
                  </Field>
                )}
                <Field label={t('kindClearMinutes')}>
                  <input
                    name={`${k}.clearMinutes`}
                    type="number"
                    min={0}
                    placeholder={String(data.clearMinutes)}
                    defaultValue={rule.clearMinutes}
                    className={small}
                  />
                </Field>
                {unit && (
                  <Field label={t(`tolerance.${unit}`)}>
                    <input
                      name={`${k}.tolerance`}
                      type="number"
                      min={unit === 'hours' ? 1 : 0}
                      defaultValue={rule.tolerance ?? 0}
                      className={small}
                    />
                  </Field>
                )}
              </li>
            );
          })}
        </ul>
      </fieldset>
      <button type="submit" className={buttonClass} disabled={save.isPending}>
        {tc('save')}
      </button>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
    </form>
  );
}
