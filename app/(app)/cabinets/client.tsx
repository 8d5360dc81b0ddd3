'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'use-intl';
import { useErrorText } from '@/components/use-error-text';
import { CabinetFacts, CabinetGoods } from '@/components/cabinets/cabinet-goods';
import { OpenDoor } from '@/components/cabinets/open-door';
import { buttonClass, Field, inputClass, Notice, quietButtonClass } from '@/components/form';
import { send } from '@/lib/admin/queries';
import { cabinetsQuery, type CabinetView } from '@/lib/cabinets/queries';

function Register() {
  const t = useTranslations('cabinets');
  const tc = useTranslations('common');
  const qc = useQueryClient();
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const add = useMutation({
    mutationFn: (machineId: string) => send<CabinetView>('POST', '/api/v1/cabinets', { machineId }),
    onSuccess: (c) => {
      setNotice({ kind: 'ok', text: t('added', { machineId: c.machineId }) });
      void qc.invalidateQueries({ queryKey: ['cabinets'] });
    },
    onError: (e: Error) => setNotice({ kind: 'error', text: tc('error', { message: e.message }) }),
  });
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const id = String(new FormData(e.currentTarget).get('machineId') ?? '').trim();
    if (id) add.mutate(id);
  }
  return (
    <form
      onSubmit={submit}
      aria-labelledby="register-heading"
      className="space-y-2 rounded border border-slate-200 bg-white p-4"
    >
      <h2 id="register-heading" className="font-medium">
        {t('register')}
      </h2>
      <div className="flex flex-wrap items-end gap-3">
        <Field label={t('machineId')}>
          <input name="machineId" required className={inputClass} />
        </Field>
        <button type="submit" className={buttonClass} disabled={add.isPending}>
          {t('add')}
        </button>
      </div>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
    </form>
  );
}

function Cabinet({ cabinet, canOperate }: { cabinet: CabinetView; canOperate: boolean }) {
  const t = useTranslations('cabinets');
  const errorText = useErrorText();
  const tc = useTranslations('common');
  const format = useFormatter();
  const qc = useQueryClient();
  const name = cabinet.name ?? cabinet.machineId;
  const refresh = useMutation({
    mutationFn: () =>
      send<CabinetView>('POST', `/api/v1/cabinets/${encodeURIComponent(cabinet.machineId)}/sync`),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['cabinets'] }),
  });
  return (
    <section
      aria-labelledby={`cab-${cabinet.machineId}`}
      className="space-y-3 rounded border border-slate-200 bg-white p-4"
      data-testid={`cabinet-${cabinet.machineId}`}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`cab-${cabinet.machineId}`} className="font-medium">
          <Link
            className="text-blue-700 underline"
            href={`/machines/${encodeURIComponent(cabinet.machineId)}`}
          >
            {name}
          </Link>{' '}
          <span className="font-mono text-sm text-slate-600">{cabinet.machineId}</span>
        </h2>
        <p className="text-xs text-slate-600">
          {t('polledAt')}:{' '}
          {cabinet.polledAt
            ? format.dateTime(new Date(cabinet.polledAt * 1000), 'dateTime')
            : tc('never')}
          {canOperate && (
            <button
              type="button"
              className={`${quietButtonClass} ml-2`}
              disabled={refresh.isPending}
              onClick={() => refresh.mutate()}
            >
              {t('refresh')}
            </button>
          )}
        </p>
      </div>
      {cabinet.pollError && (
        <Notice kind="error">{t('pollError', { message: cabinet.pollError })}</Notice>
      )}
      {refresh.error && (
        <Notice kind="error">{tc('error', { message: errorText(refresh.error) })}</Notice>
      )}
      <CabinetFacts cabinet={cabinet} />
      {canOperate && <OpenDoor cabinet={cabinet} />}
      <details>
        <summary className="cursor-pointer text-sm text-blue-700">
          {t('goodsOf', { name })} ({cabinet.goods.length})
        </summary>
        <div className="mt-2">
          <CabinetGoods cabinet={cabinet} />
        </div>
      </details>
    </section>
  );
}

export function CabinetsClient({ canOperate }: { canOperate: boolean }) {
  const t = useTranslations('cabinets');
  const { data } = useQuery(cabinetsQuery());
  const items = data?.items ?? [];
  return (
    <section aria-labelledby="cabinets-heading" className="space-y-6">
      <div>
        <h1 id="cabinets-heading" className="text-xl font-semibold">
          {t('heading')}
        </h1>
        <p className="text-sm text-slate-600">{t('intro')}</p>
      </div>
      {canOperate && <Register />}
      {items.length === 0 && <p className="text-sm text-slate-600">{t('empty')}</p>}
      {items.map((c) => (
        <Cabinet key={c.machineId} cabinet={c} canOperate={canOperate} />
      ))}
    </section>
  );
}
