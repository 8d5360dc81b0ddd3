'use client';

import { DataTable } from '@/components/data-table';
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'use-intl';
import { useErrorText } from '@/components/use-error-text';
import { buttonClass, Field, inputClass, Notice, quietButtonClass } from '@/components/form';
import { ROLES, type Role } from '@/lib/auth/roles';
import { PasswordDialog, RoleDialog } from './dialogs';
import { send, usersQuery, type UserView } from '@/lib/admin/queries';

export function UsersClient({ myId }: { myId: number | null }) {
  const t = useTranslations('users');
  const errorText = useErrorText();
  const tr = useTranslations('roles');
  const tc = useTranslations('common');
  const format = useFormatter();
  const qc = useQueryClient();
  const { data, error } = useQuery(usersQuery());
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const done = (text: string) => {
    setNotice({ kind: 'ok', text });
    void qc.invalidateQueries({ queryKey: ['users'] });
  };
  const fail = (e: Error) =>
    setNotice({ kind: 'error', text: tc('error', { message: e.message }) });

  const create = useMutation({
    mutationFn: (body: unknown) => send<UserView>('POST', '/api/v1/users', body),
    onSuccess: (u) => done(t('createdUser', { email: u.email })),
    onError: fail,
  });
  const [roleChange, setRoleChange] = useState<{ user: UserView; role: Role } | null>(null);
  const [resetFor, setResetFor] = useState<UserView | null>(null);
  const change = useMutation({
    mutationFn: ({ id, body }: { id: number; body: Record<string, unknown> }) =>
      send<UserView>('PATCH', `/api/v1/users/${id}`, body),
    onSuccess: (u, { body }) => {
      setRoleChange(null);
      setResetFor(null);
      done(t(body.password ? 'passwordReset' : 'changed', { email: u.email }));
    },
    onError: fail,
  });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    create.mutate(
      Object.fromEntries(['email', 'name', 'role', 'password'].map((k) => [k, f.get(k)])),
      { onSuccess: () => (e.target as HTMLFormElement).reset() },
    );
  }

  return (
    <section aria-labelledby="users-heading" className="space-y-6">
      <h1 id="users-heading" className="text-xl font-semibold">
        {t('heading')}
      </h1>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      {error && <Notice kind="error">{tc('error', { message: errorText(error) })}</Notice>}
      <DataTable
        cards
        headers={[t('email'), t('name'), t('role'), t('state'), t('created'), tc('actions')]}
      >
        {data?.items.map((u) => (
          <tr key={u.id} className="border-t border-slate-100" data-testid={`user-${u.email}`}>
            <td className="px-3 py-2">{u.email}</td>
            <td className="px-3 py-2">{u.name}</td>
            <td className="px-3 py-2">
              <select
                aria-label={`${t('role')} ${u.email}`}
                className={inputClass}
                value={u.role}
                disabled={u.id === myId}
                onChange={(e) => setRoleChange({ user: u, role: e.target.value as Role })}
              >
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {tr(r)}
                  </option>
                ))}
              </select>
            </td>
            <td className="px-3 py-2">{u.disabled ? t('disabled') : t('active')}</td>
            <td className="px-3 py-2">{format.dateTime(new Date(u.createdAt * 1000), 'date')}</td>
            <td className="flex gap-2 px-3 py-2">
              <button type="button" className={quietButtonClass} onClick={() => setResetFor(u)}>
                {t('resetPassword')}
              </button>
              {u.id !== myId && (
                <button
                  type="button"
                  className={quietButtonClass}
                  onClick={() => change.mutate({ id: u.id, body: { disabled: !u.disabled } })}
                >
                  {u.disabled ? t('enable') : t('disable')}
                </button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      <RoleDialog
        change={roleChange}
        pending={change.isPending}
        onConfirm={() =>
          roleChange && change.mutate({ id: roleChange.user.id, body: { role: roleChange.role } })
        }
        onClose={() => setRoleChange(null)}
      />
      <PasswordDialog
        user={resetFor}
        pending={change.isPending}
        onSubmit={(password) => resetFor && change.mutate({ id: resetFor.id, body: { password } })}
        onClose={() => setResetFor(null)}
      />
      <form
        onSubmit={submit}
        aria-labelledby="add-user-heading"
        className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-4"
      >
        <h2 id="add-user-heading" className="w-full font-medium">
          {t('add')}
        </h2>
        <Field label={t('email')}>
          <input name="email" type="email" required className={inputClass} />
        </Field>
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
        <Field label={`${t('password')} (${t('passwordHint')})`}>
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            className={inputClass}
          />
        </Field>
        <button type="submit" className={buttonClass} disabled={create.isPending}>
          {tc('create')}
        </button>
      </form>
    </section>
  );
}
