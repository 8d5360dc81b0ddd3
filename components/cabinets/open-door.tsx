'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'use-intl';
import { buttonClass, Field, inputClass, Notice, quietButtonClass } from '@/components/form';
import { send } from '@/lib/admin/queries';
import type { CabinetView } from '@/lib/cabinets/queries';

type Request = {
  machineId: string;
  doorNo: number;
  type: 'buy' | 'restock';
  customerDetails?: string;
};

/** Opening a door unlocks a real cabinet: the form asks once more before it does. */
export function OpenDoor({ cabinet }: { cabinet: CabinetView }) {
  const t = useTranslations('cabinets');
  const tc = useTranslations('common');
  const qc = useQueryClient();
  const [pending, setPending] = useState<Request | null>(null);
  const [result, setResult] = useState<{ orderId: string; state: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const name = cabinet.name ?? cabinet.machineId;
  const open = useMutation({
    mutationFn: (body: Request) =>
      send<{ orderId: string; state: string }>('POST', '/api/v1/cabinet-orders', body),
    onSuccess: (r) => {
      setPending(null);
      setError(null);
      setResult(r);
      void qc.invalidateQueries({ queryKey: ['cabinet-orders'] });
    },
    onError: (e: Error) => setError(tc('error', { message: e.message })),
  });
  function ask(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const details = String(f.get('customerDetails') ?? '').trim();
    setResult(null);
    setPending({
      machineId: cabinet.machineId,
      doorNo: Number(f.get('doorNo')),
      type: f.get('type') === 'restock' ? 'restock' : 'buy',
      ...(details && { customerDetails: details }),
    });
  }
  return (
    <div className="space-y-2">
      <form
        onSubmit={ask}
        aria-label={t('openDoorFor', { name })}
        className="flex flex-wrap items-end gap-3"
      >
        <Field label={t('door')}>
          <select name="doorNo" className={inputClass} disabled={!!pending}>
            {cabinet.doors.map((d) => (
              <option key={d} value={d}>
                {t('doorValue', { door: d })}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('type')}>
          <select name="type" className={inputClass} disabled={!!pending}>
            <option value="buy">{t('types.buy')}</option>
            <option value="restock">{t('types.restock')}</option>
          </select>
        </Field>
        <Field label={t('customerDetails')}>
          <input
            name="customerDetails"
            className={inputClass}
            maxLength={500}
            disabled={!!pending}
          />
        </Field>
        <button type="submit" className={quietButtonClass} disabled={!!pending}>
          {t('openDoor')}
        </button>
      </form>
      {pending && (
        <div
          role="alertdialog"
          aria-label={t('openDoor')}
          className="space-y-2 rounded border border-amber-300 bg-amber-50 p-3"
        >
          <p className="text-sm">
            {t('confirmOpen', { door: pending.doorNo, name, type: pending.type })}
          </p>
          <div className="flex gap-2">
            <button
              type="button"
              className={buttonClass}
              disabled={open.isPending}
              onClick={() => open.mutate(pending)}
            >
              {t('confirm')}
            </button>
            <button type="button" className={quietButtonClass} onClick={() => setPending(null)}>
              {t('back')}
            </button>
          </div>
        </div>
      )}
      {error && <Notice kind="error">{error}</Notice>}
      {result && (
        <p role="status" className="text-sm text-green-800">
          {t('opened', { orderId: result.orderId, state: t(`states.${result.state}`) })}{' '}
          <Link
            className="text-blue-700 underline"
            href={`/cabinet-orders/${encodeURIComponent(result.orderId)}`}
          >
            {t('viewOrder')}
          </Link>
        </p>
      )}
    </div>
  );
}
