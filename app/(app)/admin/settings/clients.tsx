'use client';

import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'use-intl';
import { buttonClass, Field, inputClass, Notice } from '@/components/form';
import { clientsQuery, send } from '@/lib/admin/queries';
import type { ClientView } from '@/lib/settings/clients';

/** What each Smart Vending client's platform sends and how we read it (D70). */
export function ClientsPanel() {
  const t = useTranslations('settings');
  const { data } = useQuery(clientsQuery());
  if (!data) return null;
  return (
    <section
      aria-labelledby="clients-heading"
      className="space-y-3 rounded border border-slate-200 bg-white p-4"
    >
      <div>
        <h2 id="clients-heading" className="font-medium">
          {t('clientsHeading')}
        </h2>
        <p className="text-sm text-slate-600">{t('clientsIntro')}</p>
      </div>
      {data.items.length === 0 ? (
        <p className="text-sm text-slate-600">{t('noClients')}</p>
      ) : (
        <ul className="space-y-3">
          {data.items.map((c) => (
            <ClientCard key={c.clientId} c={c} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ClientCard({ c }: { c: ClientView }) {
  const t = useTranslations('settings');
  const ts = useTranslations('signing');
  const format = useFormatter();
  const { received } = c;
  const formText = (f: { form: ClientView['sendForm']; canonical: boolean }) =>
    f.canonical
      ? ts('formWithCanonical', { form: ts(`forms.${f.form}`), canonical: ts('canonical') })
      : ts(`forms.${f.form}`);
  return (
    <li className="rounded border border-slate-200 p-3" data-testid={`client-${c.clientId}`}>
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[12rem_1fr]">
        <dt className="text-slate-600">{t('clientId')}</dt>
        <dd className="break-all font-mono">{c.clientId}</dd>
        <dt className="text-slate-600">{t('keyFrom')}</dt>
        <dd>{c.source === 'settings' ? t('fromSettings') : t('fromEnvironment')}</dd>
        <dt className="text-slate-600">{t('received')}</dt>
        <dd data-testid={`client-received-${c.clientId}`}>
          {received.recent === 0 ? (
            <span className="text-slate-600">{t('receivedNone')}</span>
          ) : (
            <>
              <ul>
                {received.forms.map((f) => (
                  <li key={`${f.form}/${f.canonical}`}>
                    {t('receivedForm', {
                      form: formText(f),
                      count: f.count,
                      recent: received.recent,
                    })}
                  </li>
                ))}
              </ul>
              {received.mixed && (
                <p role="alert" className="font-medium text-amber-800">
                  {t('receivedMixed')}
                </p>
              )}
              {received.lastAt !== null && (
                <p className="text-xs text-slate-600">
                  {t('lastReceived', {
                    at: format.dateTime(new Date(received.lastAt * 1000), 'dateTime'),
                  })}
                </p>
              )}
            </>
          )}
        </dd>
        <dt className="text-slate-600">{t('weSign')}</dt>
        <dd data-testid={`client-send-${c.clientId}`}>{ts(`forms.${c.sendForm}`)}</dd>
      </dl>
      <DoorForm c={c} />
    </li>
  );
}

function DoorForm({ c }: { c: ClientView }) {
  const t = useTranslations('settings');
  const tc = useTranslations('common');
  const qc = useQueryClient();
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const meaning = (v: 0 | 1) => (v === 1 ? t('doorOpen1') : t('doorOpen0'));
  const save = useMutation({
    mutationFn: (doorOpen: 0 | 1) =>
      send<ClientView>('PUT', `/api/v1/settings/clients/${encodeURIComponent(c.clientId)}`, {
        doorOpen,
      }),
    onSuccess: (saved) => {
      setNotice({
        kind: 'ok',
        text: t('doorSaved', { clientId: saved.clientId, meaning: meaning(saved.doorOpen) }),
      });
      void qc.invalidateQueries({ queryKey: ['settings-clients'] });
    },
    onError: (e: Error) => setNotice({ kind: 'error', text: tc('error', { message: e.message }) }),
  });
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    save.mutate(Number(new FormData(e.currentTarget).get('doorOpen')) === 1 ? 1 : 0);
  }
  return (
    <form onSubmit={submit} className="mt-3 space-y-1 border-t border-slate-100 pt-3">
      <div className="flex flex-wrap items-end gap-3">
        <Field label={t('door')}>
          <select
            name="doorOpen"
            className={inputClass}
            defaultValue={String(c.doorOpen)}
            data-testid={`client-door-${c.clientId}`}
          >
            <option value="0">{meaning(0)}</option>
            <option value="1">{meaning(1)}</option>
          </select>
        </Field>
        <button type="submit" className={buttonClass} disabled={save.isPending}>
          {t('doorSave')}
        </button>
        <span className="text-xs text-slate-600">{t(`doorSources.${c.doorOpenSource}`)}</span>
      </div>
      <p className="text-xs text-slate-600">{t('doorNote')}</p>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
    </form>
  );
}
