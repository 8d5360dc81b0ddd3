'use client';

import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'use-intl';
import { DataTable } from '@/components/data-table';
import { buttonClass, Field, inputClass, Notice, quietButtonClass } from '@/components/form';
import { useErrorText } from '@/components/use-error-text';
import { send } from '@/lib/admin/queries';
import { RULE_KINDS } from '@/lib/notifications/kinds';
import { rulesQuery, type RuleView } from '@/lib/notifications/queries';

/** Settings → Notifications: which alerts go to which channel, quiet hours and escalation. */
export function RulesSection() {
  const t = useTranslations('notifications');
  const tk = useTranslations('overview');
  const tc = useTranslations('common');
  const errorText = useErrorText();
  const qc = useQueryClient();
  const { data, error } = useQuery(rulesQuery());
  const [failure, setFailure] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['notification-rules'] });
  const create = useMutation({
    mutationFn: (body: unknown) => send<RuleView>('POST', '/api/v1/notification-rules', body),
    onSuccess: () => {
      setFailure(null);
      void refresh();
    },
    onError: (e: Error) => setFailure(e.message),
  });
  const remove = useMutation({
    mutationFn: (id: number) => send<RuleView>('DELETE', `/api/v1/notification-rules/${id}`),
    onSuccess: () => void refresh(),
    onError: (e: Error) => setFailure(e.message),
  });

  const channelName = (id: number | null) =>
    data?.channels.find((c) => c.id === id)?.name ?? t('deletedChannel');
  const names = (ids: number[] | null, list: { id: number; name: string }[] | undefined) =>
    (ids ?? []).map((id) => list?.find((x) => x.id === id)?.name ?? `#${id}`).join('、');

  function describe(r: RuleView) {
    const parts = [
      r.kinds ? r.kinds.map((k) => tk(`kind.${k}`)).join('、') : t('anyKind'),
      r.lines && t('onLines', { lines: names(r.lines, data?.lines) }),
      r.areas && t('inAreas', { areas: names(r.areas, data?.areas) }),
      r.assetIds && t('onMachines', { machines: r.assetIds.join(', ') }),
    ];
    return parts.filter(Boolean).join(' · ');
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const all = (name: string) => f.getAll(name).map(String);
    const numbers = (name: string) => all(name).map(Number);
    const machines = String(f.get('machines') ?? '')
      .split(/[\s,，、]+/)
      .filter(Boolean);
    const from = String(f.get('quietFrom') ?? '');
    const to = String(f.get('quietTo') ?? '');
    const minutes = String(f.get('escalateAfter') ?? '').trim();
    const escalateTo = String(f.get('escalateTo') ?? '');
    create.mutate({
      channelId: Number(f.get('channelId')),
      ...(all('kinds').length && { kinds: all('kinds') }),
      ...(numbers('lines').length && { lines: numbers('lines') }),
      ...(numbers('areas').length && { areas: numbers('areas') }),
      ...(machines.length && { assetIds: machines }),
      ...((from || to) && { quietHours: { from, to } }),
      ...((minutes || escalateTo) && {
        escalateAfterMinutes: Number(minutes),
        escalateChannelId: Number(escalateTo),
      }),
      language: f.get('language'),
    });
  }

  const noChannels = data && data.channels.length === 0;
  return (
    <section aria-labelledby="rules-heading" className="space-y-4">
      <h2 id="rules-heading" className="text-lg font-semibold">
        {t('rulesHeading')}
      </h2>
      <p className="text-sm text-slate-600">{t('rulesIntro')}</p>
      {error && <Notice kind="error">{tc('error', { message: errorText(error) })}</Notice>}
      {failure && <Notice kind="error">{tc('error', { message: failure })}</Notice>}
      <DataTable
        cards
        headers={[
          t('channel'),
          t('which'),
          t('quietHours'),
          t('escalation'),
          t('language'),
          tc('actions'),
        ]}
        empty={data?.items.length === 0 && t('noRules')}
      >
        {data?.items.map((r) => (
          <tr key={r.id} className="border-t border-slate-100 align-top">
            <td className="px-3 py-2 font-medium">{channelName(r.channelId)}</td>
            <td className="px-3 py-2 break-words">{describe(r)}</td>
            <td className="px-3 py-2">
              {r.quietHours ? `${r.quietHours.from}–${r.quietHours.to}` : t('none')}
            </td>
            <td className="px-3 py-2">
              {r.escalateAfterMinutes
                ? t('escalateSummary', {
                    minutes: r.escalateAfterMinutes,
                    channel: channelName(r.escalateChannelId),
                  })
                : t('none')}
            </td>
            <td className="px-3 py-2">{t(`languages.${r.language}`)}</td>
            <td className="px-3 py-2">
              <button
                type="button"
                className={quietButtonClass}
                onClick={() => remove.mutate(r.id)}
              >
                {tc('delete')}
              </button>
            </td>
          </tr>
        ))}
      </DataTable>
      {noChannels ? (
        <p className="text-sm text-slate-600">{t('addChannelFirst')}</p>
      ) : (
        <form
          onSubmit={submit}
          className="grid gap-4 rounded border border-slate-200 bg-white p-4 md:grid-cols-2"
        >
          <h3 className="font-medium md:col-span-2">{t('addRule')}</h3>
          <Field label={t('channel')}>
            <select name="channelId" required className={inputClass}>
              {data?.channels.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('language')}>
            <select name="language" className={inputClass} defaultValue="zh-CN">
              <option value="zh-CN">{t('languages.zh-CN')}</option>
              <option value="en">{t('languages.en')}</option>
            </select>
          </Field>
          <Choices
            legend={t('kinds')}
            hint={t('anyIfNone')}
            name="kinds"
            options={RULE_KINDS.map((k) => ({ value: k, label: tk(`kind.${k}`) }))}
          />
          {!!data?.lines.length && (
            <Choices
              legend={t('lines')}
              hint={t('anyIfNone')}
              name="lines"
              options={data.lines.map((l) => ({ value: String(l.id), label: l.name }))}
            />
          )}
          {!!data?.areas.length && (
            <Choices
              legend={t('areas')}
              hint={t('anyIfNone')}
              name="areas"
              options={data.areas.map((a) => ({ value: String(a.id), label: a.name }))}
            />
          )}
          <Field label={t('machines')}>
            <input name="machines" className={inputClass} placeholder={t('machinesHint')} />
          </Field>
          <fieldset className="flex flex-wrap items-end gap-3">
            <legend className="mb-1 text-sm text-slate-700">{t('quietHours')}</legend>
            <Field label={t('from')}>
              <input name="quietFrom" type="time" className={inputClass} />
            </Field>
            <Field label={t('to')}>
              <input name="quietTo" type="time" className={inputClass} />
            </Field>
          </fieldset>
          <fieldset className="flex flex-wrap items-end gap-3">
            <legend className="mb-1 text-sm text-slate-700">{t('escalation')}</legend>
            <Field label={t('escalateAfter')}>
              <input
                name="escalateAfter"
                type="number"
                min={1}
                max={10080}
                className={`${inputClass} w-24`}
              />
            </Field>
            <Field label={t('escalateTo')}>
              <select name="escalateTo" className={inputClass} defaultValue="">
                <option value="">{t('none')}</option>
                {data?.channels.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </Field>
          </fieldset>
          <div className="md:col-span-2">
            <button type="submit" className={buttonClass} disabled={create.isPending}>
              {tc('create')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function Choices({
  legend,
  hint,
  name,
  options,
}: {
  legend: string;
  hint: string;
  name: string;
  options: { value: string; label: string }[];
}) {
  return (
    <fieldset className="min-w-0">
      <legend className="text-sm text-slate-700">
        {legend} <span className="text-slate-500">({hint})</span>
      </legend>
      <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
        {options.map((o) => (
          <label key={o.value} className="flex items-center gap-1 text-sm">
            <input type="checkbox" name={name} value={o.value} />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
