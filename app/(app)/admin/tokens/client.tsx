'use client';

import { DataTable } from '@/components/data-table';
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'use-intl';
import { useErrorText } from '@/components/use-error-text';
import { buttonClass, Field, inputClass, Notice, quietButtonClass } from '@/components/form';
import { ROLES } from '@/lib/auth/roles';
import { send, tokensQuery, type TokenView } from '@/lib/admin/queries';

export function TokensClient() {
  const t = useTranslations('tokens');
  const errorText = useErrorText();
  const tr = useTranslations('roles');
  const tc = useTranslations('common');
  const format = useFormatter();
  const qc = useQueryClient();
  const { data, error } = useQuery(tokensQuery());
  const [created, setCreated] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['tokens'] });

  const create = useMutation({
    mutationFn: (body: unknown) =>
      send<TokenView & { token: string }>('POST', '/api/v1/tokens', body),
    onSuccess: (r) => {
      setCreated(r.token);
      setFailure(null);
      void refresh();
    },
    onError: (e: Error) => setFailure(e.message),
  });
  const revoke = useMutation({
    mutationFn: (id: number) => send<TokenView>('DELETE', `/api/v1/tokens/${id}`),
    onSuccess: () => void refresh(),
    onError: (e: Error) => setFailure(e.message),
  });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const days = String(f.get('days') ?? '').trim();
    create.mutate({
      name: f.get('name'),
      role: f.get('role'),
      ...(days && { expiresInDays: Number(days) }),
    });
  }
  const when = (s: number | null) =>
    s === null ? tc('never') : format.dateTime(new Date(s * 1000), 'dateTime');

  return (
    <section aria-labelledby="tokens-heading" className="space-y-6">
      <h1 id="tokens-heading" className="text-xl font-semibold">
        {t('heading')}
      </h1>
      {error && <Notice kind="error">{tc('error', { message: errorText(error) })}</Notice>}
      {failure && <Notice kind="error">{tc('error', { message: failure })}</Notice>}
      {created && (
        <div
          role="status"
          className="space-y-1 rounded border border-amber-300 bg-amber-50 p-3 text-sm"
        >
          <p className="font-medium">{t('shownOnce')}</p>
          <code data-testid="new-token" className="block break-all rounded bg-white p-2">
            {created}
          </code>
          <p>{t('usage')}</p>
        </div>
      )}
      <DataTable
        cards
        headers={[
          t('name'),
          t('prefix'),
          t('role'),
          t('created'),
          t('lastUsed'),
          t('state'),
          tc('actions'),
        ]}
        empty={data?.items.length === 0 && t('empty')}
      >
        {data?.items.map((k) => (
          <tr key={k.id} className="border-t border-slate-100">
            <td className="px-3 py-2">{k.name}</td>
            <td className="px-3 py-2 font-mono">{k.prefix}…</td>
            <td className="px-3 py-2">{tr(k.role)}</td>
            <td className="px-3 py-2">{when(k.createdAt)}</td>
            <td className="px-3 py-2">{when(k.lastUsedAt)}</td>
            <td className="px-3 py-2">{k.revoked ? t('revoked') : t('active')}</td>
            <td className="px-3 py-2">
              {!k.revoked && (
                <button
                  type="button"
                  className={quietButtonClass}
                  onClick={() => revoke.mutate(k.id)}
                >
                  {t('revoke')}
                </button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      <form
        onSubmit={submit}
        className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-4"
      >
        <h2 className="w-full font-medium">{t('add')}</h2>
        <Field label={t('name')}>
          <input name="name" required className={inputClass} />
        </Field>
        <Field label={t('role')}>
          <select name="role" className={inputClass} defaultValue="operations">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {tr(r)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('expires')}>
          <input name="days" type="number" min={1} max={3650} className={inputClass} />
        </Field>
        <button type="submit" className={buttonClass} disabled={create.isPending}>
          {tc('create')}
        </button>
      </form>
    </section>
  );
}
