'use client';

import { useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'use-intl';
import { buttonClass, Field, inputClass, Notice, quietButtonClass } from '@/components/form';
import { send } from '@/lib/admin/queries';
import { cabinetQuery, type CabinetOrderView } from '@/lib/cabinets/queries';
import { decimalToMinor, formatMinor } from '@/lib/platforms/saas/money';

type Result = { orderId: string; state: string; reported?: boolean; reportMessage?: string };

function Panel({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section
      aria-labelledby={id}
      className="space-y-2 rounded border border-slate-200 bg-white p-4"
    >
      <h3 id={id} className="font-medium">
        {title}
      </h3>
      {children}
    </section>
  );
}

/** One POST to the order's action, then the order and the lists are fetched again. */
function useAction(order: CabinetOrderView, onDone: (r: Result) => void) {
  const qc = useQueryClient();
  const tc = useTranslations('common');
  const [error, setError] = useState<string | null>(null);
  const m = useMutation({
    mutationFn: ({ action, body }: { action: string; body: unknown }) =>
      send<Result>(
        'POST',
        `/api/v1/cabinet-orders/${encodeURIComponent(order.orderId)}/${action}`,
        body,
      ),
    onSuccess: (r) => {
      setError(null);
      onDone(r);
      void qc.invalidateQueries({ queryKey: ['cabinet-orders'] });
      void qc.invalidateQueries({ queryKey: ['cabinets'] });
    },
    onError: (e: Error) => setError(tc('error', { message: e.message })),
  });
  return {
    run: (action: string, body: unknown) => m.mutate({ action, body }),
    busy: m.isPending,
    error,
  };
}

function Settle({
  order,
  act,
}: {
  order: CabinetOrderView;
  act: Awaited<ReturnType<typeof useAction>>;
}) {
  const t = useTranslations('cabinets');
  const goods = (useQuery(cabinetQuery(order.machineId)).data?.goods ?? []).filter(
    (g) => g.doorNo === order.doorNo,
  );
  // §3's goods do not say whether they sell by the piece or by weight: the operator does.
  const [lines, setLines] = useState<{ commodityId: string; count: number; meterType: 1 | 2 }[]>(
    [],
  );
  const first = goods[0]?.commodityId ?? '';
  function submit(e: FormEvent) {
    e.preventDefault();
    act.run('settle', { items: lines.filter((l) => l.commodityId && l.count > 0) });
  }
  return (
    <Panel id="settle-heading" title={t('settleHeading')}>
      <form onSubmit={submit} className="space-y-2">
        {lines.map((l, i) => {
          const name = goods.find((g) => g.commodityId === l.commodityId)?.name ?? l.commodityId;
          return (
            <div key={i} className="flex flex-wrap items-end gap-2">
              <Field label={t('commodity')}>
                <select
                  className={inputClass}
                  value={l.commodityId}
                  onChange={(e) =>
                    setLines(
                      lines.map((x, j) => (j === i ? { ...x, commodityId: e.target.value } : x)),
                    )
                  }
                >
                  {goods.map((g) => (
                    <option key={g.commodityId} value={g.commodityId}>
                      {g.name}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label={t('quantityOf', { name })}>
                <input
                  type="number"
                  min={1}
                  className={`${inputClass} w-24`}
                  value={l.count}
                  onChange={(e) =>
                    setLines(
                      lines.map((x, j) => (j === i ? { ...x, count: Number(e.target.value) } : x)),
                    )
                  }
                />
              </Field>
              <Field label={t('meterTypeOf', { name })}>
                <select
                  className={inputClass}
                  value={l.meterType}
                  onChange={(e) =>
                    setLines(
                      lines.map((x, j) =>
                        j === i ? { ...x, meterType: e.target.value === '2' ? 2 : 1 } : x,
                      ),
                    )
                  }
                >
                  <option value="1">{t('meterTypes.1')}</option>
                  <option value="2">{t('meterTypes.2')}</option>
                </select>
              </Field>
              <button
                type="button"
                className={quietButtonClass}
                onClick={() => setLines(lines.filter((_, j) => j !== i))}
              >
                {t('remove')}
              </button>
            </div>
          );
        })}
        <div className="flex gap-2">
          <button
            type="button"
            className={quietButtonClass}
            disabled={!first}
            onClick={() => setLines([...lines, { commodityId: first, count: 1, meterType: 1 }])}
          >
            {t('addItem')}
          </button>
          <button type="submit" className={buttonClass} disabled={act.busy}>
            {t('settle')}
          </button>
        </div>
      </form>
    </Panel>
  );
}

function Payment({ act }: { act: Awaited<ReturnType<typeof useAction>> }) {
  const t = useTranslations('cabinets');
  const [status, setStatus] = useState<'success' | 'failed'>('success');
  const [message, setMessage] = useState('');
  return (
    <Panel id="payment-heading" title={t('paymentHeading')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          act.run('payment', { status, ...(message && { message }) });
        }}
        className="flex flex-wrap items-end gap-3"
      >
        <fieldset className="flex gap-3 text-sm">
          <legend className="sr-only">{t('paymentHeading')}</legend>
          {(['success', 'failed'] as const).map((s) => (
            <label key={s} className="flex items-center gap-1">
              <input
                type="radio"
                name="status"
                checked={status === s}
                onChange={() => setStatus(s)}
              />
              {s === 'success' ? t('paymentSuccess') : t('paymentFailed')}
            </label>
          ))}
        </fieldset>
        {status === 'failed' && (
          <Field label={t('paymentMessage')}>
            <input
              className={inputClass}
              value={message}
              onChange={(e) => setMessage(e.target.value)}
            />
          </Field>
        )}
        <button type="submit" className={buttonClass} disabled={act.busy}>
          {t('report')}
        </button>
      </form>
    </Panel>
  );
}

function Refund({
  order,
  act,
}: {
  order: CabinetOrderView;
  act: Awaited<ReturnType<typeof useAction>>;
}) {
  const t = useTranslations('cabinets');
  const locale = useLocale();
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [bad, setBad] = useState(false);
  const pending = order.refunds.find((r) => r.refNo && r.reported === null);
  function submit(e: FormEvent) {
    e.preventDefault();
    const minor = pending ? pending.amount : decimalToMinor(amount, order.currency);
    if (minor === undefined || minor < 0) return setBad(true);
    setBad(false);
    act.run('refund', { amount: minor, note });
  }
  return (
    <Panel id="refund-heading" title={t('refundHeading')}>
      {pending && (
        <p className="text-sm">
          {t('refundPending', {
            refNo: pending.refNo ?? '',
            amount: formatMinor(pending.amount, locale, order.currency),
          })}
        </p>
      )}
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3">
        {!pending && (
          <Field label={t('refundAmount', { currency: order.currency ?? '' })}>
            <input
              inputMode="decimal"
              className={`${inputClass} w-28`}
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
            />
          </Field>
        )}
        <Field label={t('cancelNote')}>
          <input className={inputClass} value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
        <button type="submit" className={quietButtonClass} disabled={act.busy}>
          {t('refund')}
        </button>
      </form>
      {bad && <Notice kind="error">{t('badAmount')}</Notice>}
    </Panel>
  );
}

function Restock({
  order,
  act,
}: {
  order: CabinetOrderView;
  act: Awaited<ReturnType<typeof useAction>>;
}) {
  const t = useTranslations('cabinets');
  const lines = order.restock?.lines ?? [];
  const [stock, setStock] = useState(lines.map((l) => l.stockCount));
  return (
    <Panel id="restock-heading" title={t('restockHeading')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          act.run('restock-confirm', {
            lines: lines.map((l, i) => ({
              commodityId: l.id,
              layerNo: l.layerNo,
              spotCount: l.spotCount,
              stockCount: stock[i] ?? l.stockCount,
              sno: l.sno,
            })),
          });
        }}
        className="space-y-2"
      >
        <table className="text-sm">
          <thead>
            <tr>
              <th className="px-2 text-left">{t('commodity')}</th>
              <th className="px-2 text-left">{t('layer')}</th>
              <th className="px-2 text-left">{t('spotCount')}</th>
              <th className="px-2 text-left">{t('stockCount')}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l, i) => (
              <tr key={`${l.id}-${l.layerNo}`}>
                <td className="px-2">{l.name}</td>
                <td className="px-2">{l.layerNo}</td>
                <td className="px-2">{l.spotCount}</td>
                <td className="px-2">
                  <input
                    type="number"
                    min={0}
                    aria-label={`${t('stockCount')} ${l.name}`}
                    className={`${inputClass} w-24`}
                    value={stock[i] ?? l.stockCount}
                    onChange={(e) =>
                      setStock(stock.map((s, j) => (j === i ? Number(e.target.value) : s)))
                    }
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="submit" className={buttonClass} disabled={act.busy}>
          {t('confirmRestock')}
        </button>
      </form>
    </Panel>
  );
}

/** What an operator can do with the order in its state (the API checks the same). */
export function OrderActions({ order }: { order: CabinetOrderView }) {
  const t = useTranslations('cabinets');
  const locale = useLocale();
  const [done, setDone] = useState<Result | null>(null);
  const act = useAction(order, setDone);
  const [note, setNote] = useState('');
  const s = order.state;
  const buy = order.type === 'buy';
  const canSettle = buy && (s === 'needs_review' || s === 'closed');
  const canCancel = ['requested', 'opened', 'closed', 'needs_review', 'payment_failed'].includes(s);
  const canPay = buy && ['recognised', 'settled', 'payment_failed'].includes(s) && !!order.orderNo;
  const canRefund = buy && ['paid', 'settled', 'recognised', 'refunded'].includes(s);
  const deduction = order.adjustments.find((a) => a.refNo && a.reported === null);
  const canConfirm =
    order.type === 'restock' && !!order.restock && (s === 'recognised' || s === 'settled');
  const any = canSettle || canCancel || canPay || canRefund || !!deduction || canConfirm;
  return (
    <section aria-label={t('resolve')} className="space-y-3">
      {act.error && <Notice kind="error">{act.error}</Notice>}
      {done && (
        <Notice kind={done.reported === false ? 'error' : 'ok'}>
          {done.reported === false
            ? t('reportFailed', { message: done.reportMessage ?? '' })
            : t('done', { state: t(`states.${done.state}`) })}
        </Notice>
      )}
      {!any && <p className="text-sm text-slate-600">{t('noActions')}</p>}
      {canSettle && <Settle order={order} act={act} />}
      {canPay && <Payment act={act} />}
      {deduction && (
        <Panel id="deduction-heading" title={t('adjustments')}>
          <p className="text-sm">
            {t('deductionPending', {
              refNo: deduction.refNo ?? '',
              amount: formatMinor(deduction.amount, locale, order.currency),
            })}
          </p>
          <button
            type="button"
            className={quietButtonClass}
            disabled={act.busy}
            onClick={() =>
              act.run('payment', { status: 'success', kind: 'deduction', refNo: deduction.refNo })
            }
          >
            {t('reportDeduction')}
          </button>
        </Panel>
      )}
      {canRefund && <Refund order={order} act={act} />}
      {canConfirm && <Restock order={order} act={act} />}
      {canCancel && (
        <Panel id="cancel-heading" title={t('cancelHeading')}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              act.run('cancel', { note });
            }}
            className="flex flex-wrap items-end gap-3"
          >
            <Field label={t('cancelNote')}>
              <input
                className={inputClass}
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />
            </Field>
            <button type="submit" className={quietButtonClass} disabled={act.busy}>
              {t('cancelOrder')}
            </button>
          </form>
        </Panel>
      )}
    </section>
  );
}
