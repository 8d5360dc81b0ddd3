'use client';

import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { LanguageSwitch } from '@/components/language-switch';
import { fetchJson } from '@/lib/edge/fetch-json';
import { safeNext } from '@/lib/edge/safe-next';

export function LoginForm({ next }: { next: string }) {
  const t = useTranslations('auth');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await fetchJson('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: form.get('email'), password: form.get('password') }),
      });
      // Checked again here: this is where the browser's URL parser reads it.
      window.location.assign(safeNext(next));
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  }

  const input =
    'w-full rounded border border-slate-300 px-3 py-2 focus:outline-2 focus:outline-blue-600';
  return (
    <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
      <label className="flex flex-col gap-1 text-sm">
        {t('email')}
        <input name="email" type="email" autoComplete="username" required className={input} />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        {t('password')}
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className={input}
        />
      </label>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {t('failed', { message: error })}
        </p>
      )}
      <button
        type="submit"
        disabled={busy}
        className="rounded bg-blue-700 px-3 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60"
      >
        {busy ? t('signingIn') : t('signIn')}
      </button>
      <LanguageSwitch />
    </form>
  );
}
