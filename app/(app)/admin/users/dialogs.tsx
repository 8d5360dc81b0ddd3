'use client';

import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { Dialog } from '@/components/dialog';
import { buttonClass, Field, inputClass, Notice, quietButtonClass } from '@/components/form';
import type { Role } from '@/lib/auth/roles';
import type { UserView } from '@/lib/admin/queries';

/** Asks before a role changes: a new role ends the person's sessions and changes what they see. */
export function RoleDialog({
  change,
  pending,
  onConfirm,
  onClose,
}: {
  change: { user: UserView; role: Role } | null;
  pending: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const t = useTranslations('users');
  const tr = useTranslations('roles');
  const tc = useTranslations('common');
  return (
    <Dialog open={!!change} onClose={onClose} title={t('roleTitle')} role="alertdialog">
      {change && (
        <>
          <p className="text-sm">
            {t('roleQuestion', {
              name: change.user.name,
              email: change.user.email,
              from: tr(change.user.role),
              to: tr(change.role),
            })}
          </p>
          <p className="text-sm text-slate-600">{t('roleEffect')}</p>
          <div className="flex justify-end gap-2">
            <button type="button" className={quietButtonClass} onClick={onClose}>
              {tc('cancel')}
            </button>
            <button type="button" className={buttonClass} disabled={pending} onClick={onConfirm}>
              {t('roleConfirm')}
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}

/** 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I), from the browser's CSPRNG. */
function generatePassword(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** A new password typed twice, or generated and shown once (never stored in the page after). */
export function PasswordDialog({
  user,
  pending,
  onSubmit,
  onClose,
}: {
  user: UserView | null;
  pending: boolean;
  onSubmit: (password: string) => void;
  onClose: () => void;
}) {
  const t = useTranslations('users');
  const tc = useTranslations('common');
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const [generated, setGenerated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setFirst('');
    setSecond('');
    setGenerated(null);
    setError(null);
    onClose();
  };
  function submit(e: FormEvent) {
    e.preventDefault();
    if (first.length < 10) return setError(t('passwordTooShort'));
    if (first !== second) return setError(t('passwordsDiffer'));
    onSubmit(first);
  }
  return (
    <Dialog
      open={!!user}
      onClose={close}
      title={user ? t('resetTitle', { name: user.name, email: user.email }) : ''}
    >
      <form onSubmit={submit} className="space-y-3" noValidate>
        <p className="text-sm text-slate-600">{t('resetEffect')}</p>
        <Field label={t('newPassword')}>
          <input
            type="password"
            autoComplete="new-password"
            value={first}
            onChange={(e) => setFirst(e.target.value)}
            className={inputClass}
          />
        </Field>
        <Field label={t('repeatPassword')}>
          <input
            type="password"
            autoComplete="new-password"
            value={second}
            onChange={(e) => setSecond(e.target.value)}
            className={inputClass}
          />
        </Field>
        <button
          type="button"
          className={quietButtonClass}
          onClick={() => {
            const p = generatePassword();
            setGenerated(p);
            setFirst(p);
            setSecond(p);
            setError(null);
          }}
        >
          {t('generate')}
        </button>
        {generated && (
          <div className="rounded bg-amber-50 p-2 text-sm">
            <p>{t('generatedNote')}</p>
            <output className="font-mono text-base" data-testid="generated-password">
              {generated}
            </output>
          </div>
        )}
        {error && <Notice kind="error">{error}</Notice>}
        <div className="flex justify-end gap-2">
          <button type="button" className={quietButtonClass} onClick={close}>
            {tc('cancel')}
          </button>
          <button type="submit" className={buttonClass} disabled={pending}>
            {t('resetConfirm')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
