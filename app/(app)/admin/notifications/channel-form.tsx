'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'use-intl';
import { buttonClass, Field, inputClass, Notice } from '@/components/form';
import { send } from '@/lib/admin/queries';
import { CHANNEL_KINDS, SMTP_SECURITY } from '@/lib/notifications/channels/kinds';
import type { ChannelView } from '@/lib/notifications/channels/manage';

type Kind = (typeof CHANNEL_KINDS)[number];

/** The body POST /api/v1/notification-channels expects, from the form's fields for `kind`. */
function bodyOf(kind: Kind, f: FormData) {
  const text = (k: string) => String(f.get(k) ?? '').trim();
  const name = text('name');
  if (kind === 'email') {
    const user = text('user');
    const password = String(f.get('password') ?? '');
    return {
      kind,
      name,
      smtp: {
        host: text('host'),
        port: Number(text('port')),
        secure: text('secure'),
        ...(user && { user }),
        ...(password && { password }),
        from: text('from'),
        to: text('to')
          .split(/[,;，；\s]+/)
          .filter(Boolean),
      },
    };
  }
  const secret = text('secret');
  return { kind, name, url: text('url'), ...(kind !== 'wecom' && secret && { secret }) };
}

/** Adds a channel: the fields its kind needs, with where to find them. */
export function ChannelForm({ onAdded }: { onAdded: () => void }) {
  const t = useTranslations('channels.page');
  const tc = useTranslations('common');
  const [kind, setKind] = useState<Kind>('wecom');
  const [secure, setSecure] = useState<(typeof SMTP_SECURITY)[number]>('starttls');
  const [failure, setFailure] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: unknown) => send<ChannelView>('POST', '/api/v1/notification-channels', body),
    onSuccess: (c) => {
      setFailure(null);
      setAdded(c.name);
      onAdded();
    },
    onError: (e: Error) => {
      setAdded(null);
      setFailure(e.message);
    },
  });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    create.mutate(bodyOf(kind, new FormData(form)), { onSuccess: () => form.reset() });
  }

  const wide = `${inputClass} w-full`;
  return (
    <form
      onSubmit={submit}
      className="grid gap-3 rounded border border-slate-200 bg-white p-4 md:grid-cols-2"
      aria-labelledby="add-channel-heading"
    >
      <h3 id="add-channel-heading" className="font-medium md:col-span-2">
        {t('add')}
      </h3>
      <Field label={t('kind')}>
        <select
          name="kind"
          className={wide}
          value={kind}
          onChange={(e) => setKind(e.target.value as Kind)}
        >
          {CHANNEL_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kinds.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('name')}>
        <input name="name" required maxLength={100} className={wide} />
      </Field>
      <p className="text-sm text-slate-600 md:col-span-2">{t(`hint.${kind}`)}</p>
      {kind === 'email' ? (
        <>
          <Field label={t('smtpHost')}>
            <input name="host" required className={wide} autoComplete="off" />
          </Field>
          <div className="grid grid-cols-2 gap-3">
            <Field label={t('smtpPort')}>
              <input
                name="port"
                type="number"
                min={1}
                max={65535}
                required
                key={secure}
                defaultValue={secure === 'tls' ? 465 : secure === 'starttls' ? 587 : 25}
                className={wide}
              />
            </Field>
            <Field label={t('smtpSecure')}>
              <select
                name="secure"
                className={wide}
                value={secure}
                onChange={(e) => setSecure(e.target.value as typeof secure)}
              >
                {SMTP_SECURITY.map((s) => (
                  <option key={s} value={s}>
                    {t(`secure.${s}`)}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <Field label={t('smtpUser')}>
            <input name="user" className={wide} autoComplete="off" />
          </Field>
          <Field label={t('smtpPassword')}>
            <input name="password" type="password" className={wide} autoComplete="new-password" />
          </Field>
          <Field label={t('from')}>
            <input name="from" type="email" required className={wide} />
          </Field>
          <Field label={t('toField')}>
            <input name="to" required className={wide} />
          </Field>
        </>
      ) : (
        <>
          <Field label={t('url')} className="md:col-span-2">
            <input
              name="url"
              type="url"
              required
              maxLength={2000}
              className={wide}
              autoComplete="off"
              placeholder={kind === 'wecom' ? 'https://qyapi.weixin.qq.com/…' : 'https://…'}
            />
          </Field>
          {kind !== 'wecom' && (
            <Field label={kind === 'webhook' ? t('secret') : t('secretOptional')}>
              <input
                name="secret"
                type="password"
                required={kind === 'webhook'}
                maxLength={500}
                className={wide}
                autoComplete="new-password"
              />
            </Field>
          )}
        </>
      )}
      <div className="flex flex-wrap items-center gap-3 md:col-span-2">
        <button type="submit" className={buttonClass} disabled={create.isPending}>
          {tc('create')}
        </button>
        {added && <Notice kind="ok">{t('added', { name: added })}</Notice>}
        {failure && <Notice kind="error">{tc('error', { message: failure })}</Notice>}
      </div>
    </form>
  );
}
