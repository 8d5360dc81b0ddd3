'use client';

import { DateField } from '@/components/date-field';
import { DataTable } from '@/components/data-table';
import { useDeferredValue, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'use-intl';
import { useErrorText } from '@/components/use-error-text';
import { Field, inputClass, Notice, quietButtonClass } from '@/components/form';
import { auditQuery, type AuditFilterParams, type AuditItem } from '@/lib/admin/queries';
import { actionKey, AuditSentence } from './sentence';

/** A date input's value (fleet-local midnight is close enough for a filter) as epoch seconds. */
function dayStart(value: string, endOfDay = false): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(`${value}T00:00:00`);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000) + (endOfDay ? 86399 : 0);
}

/** The record as stored, for an admin who needs the exact fields (secrets already masked). */
function Raw({ row }: { row: AuditItem }) {
  const t = useTranslations('audit');
  const { before, after } = row;
  return (
    <details className="mt-1 text-xs">
      <summary className="cursor-pointer text-blue-700">{t('raw')}</summary>
      <pre className="whitespace-pre-wrap break-all text-slate-700">
        {JSON.stringify(
          { action: row.action, actor: row.actorLabel, target: row.targetId, before, after },
          null,
          1,
        )}
      </pre>
    </details>
  );
}

export function AuditClient() {
  const t = useTranslations('audit');
  const errorText = useErrorText();
  const tc = useTranslations('common');
  const format = useFormatter();
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const filter: AuditFilterParams = {
    actor: useDeferredValue(actor.trim()) || undefined,
    action: action || undefined,
    from: dayStart(from),
    to: dayStart(to, true),
  };
  const { data, error, dataUpdatedAt } = useQuery({
    ...auditQuery(filter),
    placeholderData: keepPreviousData,
  });

  return (
    <section aria-labelledby="audit-heading" className="space-y-4">
      <h1 id="audit-heading" className="text-xl font-semibold">
        {t('heading')}
      </h1>
      <form
        role="search"
        onSubmit={(e) => e.preventDefault()}
        className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-3"
      >
        <Field label={t('actor')}>
          <input value={actor} onChange={(e) => setActor(e.target.value)} className={inputClass} />
        </Field>
        <Field label={t('action')}>
          <select value={action} onChange={(e) => setAction(e.target.value)} className={inputClass}>
            <option value="">{t('anyAction')}</option>
            {data?.actions.map((a) => (
              <option key={a} value={a}>
                {actionKey(a) === 'other' ? a : t(`actions.${actionKey(a)}`)}
              </option>
            ))}
          </select>
        </Field>
        <DateField label={t('from')} value={from} onChange={setFrom} />
        <DateField label={t('to')} value={to} onChange={setTo} />
        <button
          type="button"
          className={quietButtonClass}
          onClick={() => {
            setActor('');
            setAction('');
            setFrom('');
            setTo('');
          }}
        >
          {tc('clear')}
        </button>
      </form>
      {error && <Notice kind="error">{tc('error', { message: errorText(error) })}</Notice>}
      {dataUpdatedAt > 0 && (
        <p className="text-xs text-slate-500">
          {tc('updated', {
            time: format.dateTime(new Date(dataUpdatedAt), 'timeSeconds'),
          })}
        </p>
      )}
      <DataTable
        cards
        headers={[t('at'), t('what'), t('ip')]}
        empty={data?.items.length === 0 && t('empty')}
      >
        {data?.items.map((r) => (
          <tr key={r.id} className="border-t border-slate-100 align-top" data-testid="audit-row">
            <td className="whitespace-nowrap px-3 py-2">
              {format.dateTime(new Date(r.at * 1000), 'dateTime')}
            </td>
            <td className="px-3 py-2 max-md:col-span-2" data-testid="audit-sentence">
              <AuditSentence row={r} people={data.people} />
              <Raw row={r} />
            </td>
            <td className="px-3 py-2 text-xs">{r.ip ?? '—'}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
