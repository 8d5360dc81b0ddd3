'use client';

import { DataTable } from '@/components/data-table';
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'use-intl';
import { useErrorText } from '@/components/use-error-text';
import { buttonClass, Field, inputClass, Notice, quietButtonClass } from '@/components/form';
import { credentialsQuery, send } from '@/lib/admin/queries';
import type { ConnectionResult } from '@/lib/settings/connection-test';
import { DEFAULT_SIGN_FORM, SIGN_FORMS, type SignForm } from '@/lib/platforms/sign-forms';

type TestResult = ConnectionResult;

export function SettingsClient() {
  const t = useTranslations('settings');
  const ts = useTranslations('signing');
  const errorText = useErrorText();
  const tc = useTranslations('common');
  const qc = useQueryClient();
  const { data, error } = useQuery(credentialsQuery());
  const [platform, setPlatform] = useState<'smartvending' | 'saas'>('smartvending');
  const [results, setResults] = useState<Record<string, TestResult | 'pending'>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['credentials'] });
  const [kept, setKept] = useState<Record<string, SignForm>>({});
  const keep = useMutation({
    mutationFn: ({ id, form }: { id: string; form: SignForm }) =>
      send('PATCH', `/api/v1/settings/credentials/${id}`, { signMode: form }),
    onSuccess: (_r, { id, form }) => {
      setFailure(null);
      setKept((k) => ({ ...k, [id]: form }));
      void refresh();
      void qc.invalidateQueries({ queryKey: ['settings-clients'] });
    },
    onError: (e: Error) => setFailure(e.message),
  });

  const save = useMutation({
    mutationFn: (body: unknown) => send('POST', '/api/v1/settings/credentials', body),
    onSuccess: () => {
      setFailure(null);
      void refresh();
    },
    onError: (e: Error) => setFailure(e.message),
  });
  const remove = useMutation({
    mutationFn: (id: number) => send('DELETE', `/api/v1/settings/credentials/${id}`),
    onSuccess: () => void refresh(),
    onError: (e: Error) => setFailure(e.message),
  });
  async function test(id: string) {
    setResults((r) => ({ ...r, [id]: 'pending' }));
    setKept(({ [id]: _dropped, ...k }) => k);
    try {
      const result = await send<TestResult>('POST', `/api/v1/settings/credentials/${id}/test`);
      setResults((r) => ({ ...r, [id]: result }));
    } catch (e) {
      setResults((r) => ({
        ...r,
        [id]: { ok: false, status: null, detail: (e as Error).message, ms: 0 },
      }));
    }
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    save.mutate(
      {
        platform,
        account: text('account'),
        key: text('key'),
        ...(platform === 'saas' ? { secret: text('secret') } : { signMode: text('signMode') }),
        ...(text('baseUrl') && { baseUrl: text('baseUrl') }),
      },
      { onSuccess: () => (e.target as HTMLFormElement).reset() },
    );
  }

  const rows = [
    ...(data?.items ?? []).map((c) => ({ ...c, id: String(c.id), stored: true })),
    ...(data?.environment ?? []).map((c) => ({ ...c, stored: false })),
  ];

  return (
    <section aria-labelledby="settings-heading" className="space-y-6">
      <div>
        <h1 id="settings-heading" className="text-xl font-semibold">
          {t('heading')}
        </h1>
        <p className="text-sm text-slate-600">{t('intro')}</p>
      </div>
      {data && !data.encryptionReady && <Notice kind="error">{t('noSecret')}</Notice>}
      {error && <Notice kind="error">{tc('error', { message: errorText(error) })}</Notice>}
      {failure && <Notice kind="error">{tc('error', { message: failure })}</Notice>}
      <DataTable
        cards
        headers={[
          t('platform'),
          t('account'),
          t('signing'),
          t('baseUrl'),
          t('source'),
          tc('actions'),
        ]}
        empty={rows.length === 0 && t('none')}
      >
        {rows.map((c) => {
          const result = results[c.id];
          return (
            <tr
              key={c.id}
              className="border-t border-slate-100"
              data-testid={`credential-${c.account}`}
            >
              <td className="px-3 py-2">{t(c.platform)}</td>
              <td className="px-3 py-2 font-mono">{c.account}</td>
              <td className="px-3 py-2" data-testid={`credential-sign-${c.account}`}>
                {c.signMode ? ts(`forms.${c.signMode}`) : '—'}
              </td>
              <td className="px-3 py-2">{c.baseUrl ?? '—'}</td>
              <td className="px-3 py-2">{c.stored ? t('fromSettings') : t('fromEnvironment')}</td>
              <td className="space-y-1 px-3 py-2">
                <div className="flex gap-2">
                  <button
                    type="button"
                    className={quietButtonClass}
                    onClick={() => void test(c.id)}
                  >
                    {t('test')}
                  </button>
                  {c.stored && (
                    <button
                      type="button"
                      className={quietButtonClass}
                      onClick={() => remove.mutate(Number(c.id))}
                    >
                      {t('remove')}
                    </button>
                  )}
                </div>
                {result === 'pending' && <p role="status">{t('testing')}</p>}
                {result && result !== 'pending' && (
                  <Notice kind={result.ok ? 'ok' : 'error'}>
                    {result.ok
                      ? t('testOk', { detail: result.detail, ms: result.ms })
                      : t('testFailed', { detail: result.detail })}
                  </Notice>
                )}
                {result && result !== 'pending' && !result.ok && result.signing && (
                  <FormTrial
                    trial={result.signing}
                    stored={c.stored}
                    kept={kept[c.id]}
                    pending={keep.isPending}
                    onKeep={(form) => keep.mutate({ id: c.id, form })}
                  />
                )}
              </td>
            </tr>
          );
        })}
      </DataTable>
      <form
        onSubmit={submit}
        className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-4"
      >
        <Field label={t('platform')}>
          <select
            className={inputClass}
            value={platform}
            onChange={(e) => setPlatform(e.target.value as typeof platform)}
          >
            <option value="smartvending">{t('smartvending')}</option>
            <option value="saas">{t('saas')}</option>
          </select>
        </Field>
        <Field label={t('account')}>
          <input name="account" required className={inputClass} />
        </Field>
        <Field label={t('key')}>
          <input name="key" type="password" autoComplete="off" required className={inputClass} />
        </Field>
        {platform === 'saas' ? (
          <Field label={t('secret')}>
            <input
              name="secret"
              type="password"
              autoComplete="off"
              required
              className={inputClass}
            />
          </Field>
        ) : (
          <Field label={t('signMode')} className="max-w-full">
            <select
              name="signMode"
              className={`${inputClass} max-w-full`}
              defaultValue={DEFAULT_SIGN_FORM}
            >
              {SIGN_FORMS.map((f) => (
                <option key={f} value={f}>
                  {ts(`formHelp.${f}`)}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field label={t('baseUrl')}>
          <input name="baseUrl" type="url" placeholder="https://" className={inputClass} />
        </Field>
        <button
          type="submit"
          className={buttonClass}
          disabled={save.isPending || !data?.encryptionReady}
        >
          {t('save')}
        </button>
      </form>
    </section>
  );
}

/**
 * A connection test whose form the platform refused: the forms tried, the one it accepts, and
 * the admin's choice to keep that one (an explicit, audited action; D70).
 */
function FormTrial({
  trial,
  stored,
  kept,
  pending,
  onKeep,
}: {
  trial: NonNullable<TestResult['signing']>;
  stored: boolean;
  kept: SignForm | undefined;
  pending: boolean;
  onKeep: (form: SignForm) => void;
}) {
  const t = useTranslations('settings');
  const ts = useTranslations('signing');
  const format = useFormatter();
  const form = (f: SignForm) => ts(`forms.${f}`);
  const { accepted } = trial;
  return (
    <div className="space-y-1 text-sm" data-testid="sign-form-trial">
      <p>
        {t('formRefused', { form: form(trial.current) })}{' '}
        {accepted ? t('formAccepted', { form: form(accepted) }) : t('noFormAccepted')}
      </p>
      <p className="text-xs text-slate-600">
        {t('formsTried', {
          forms: format.list(
            trial.tried.map((x) => form(x.form)),
            { type: 'conjunction' },
          ),
        })}
      </p>
      {accepted &&
        (kept === accepted ? (
          <Notice kind="ok">{t('formKept', { form: form(accepted) })}</Notice>
        ) : stored ? (
          <button
            type="button"
            className={buttonClass}
            disabled={pending}
            onClick={() => onKeep(accepted)}
          >
            {t('keepForm', { form: form(accepted) })}
          </button>
        ) : (
          <p className="text-xs">{t('keepFormEnv', { mode: accepted })}</p>
        ))}
    </div>
  );
}
