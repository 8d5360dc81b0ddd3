'use client';

import { Fragment, useState } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { formatFen } from '@/lib/money';
import type { Reconciliation } from '@/lib/refills/reconcile';
import type { Line } from '@/lib/refills/rules';
import { SETTLEMENT_ORDER } from '@/lib/domain/paystyles';
import { StatusBadge, STATUS_TONE } from '../badges';

function usePayName() {
  const t = useTranslations('refills.payNames');
  return (name: string) =>
    (SETTLEMENT_ORDER as readonly string[]).includes(name) ? t(name) : name;
}

function Cells({ line }: { line: Line }) {
  const locale = useLocale();
  const money = (fen: number) => formatFen(fen, locale);
  const diff = (n: number, text: string) => (n > 0 ? `+${text}` : text);
  return (
    <>
      <td className="px-3 py-1.5 tabular-nums">{line.expected.units}</td>
      <td className="px-3 py-1.5 tabular-nums">{line.reported.units}</td>
      <td className="px-3 py-1.5 font-medium tabular-nums">
        {line.difference.units === 0
          ? ''
          : diff(line.difference.units, String(line.difference.units))}
      </td>
      <td className="px-3 py-1.5 tabular-nums">{money(line.expected.sales)}</td>
      <td className="px-3 py-1.5 tabular-nums">{money(line.reported.sales)}</td>
      <td className="px-3 py-1.5 font-medium tabular-nums">
        {line.difference.sales === 0
          ? ''
          : diff(line.difference.sales, money(line.difference.sales))}
      </td>
      <td className="px-3 py-1.5">
        <StatusBadge status={line.status} />
      </td>
    </>
  );
}

function useHeaders() {
  const t = useTranslations('refills');
  const units = t('columns.units');
  const amount = t('columns.amount');
  return [
    `${t('detail.expected')} · ${units}`,
    `${t('detail.reported')} · ${units}`,
    t('detail.difference'),
    `${t('detail.expected')} · ${amount}`,
    `${t('detail.reported')} · ${amount}`,
    t('detail.difference'),
    t('columns.status'),
  ];
}

function Head({ first }: { first: string[] }) {
  const headers = useHeaders();
  return (
    <thead className="bg-slate-100">
      <tr>
        {[...first, ...headers].map((h, i) => (
          <th key={i} scope="col" className="px-3 py-2">
            {h}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** Expected against reported per payment name; a line that differs is highlighted. */
export function LinesTable({ lines, testId }: { lines: Line[]; testId: string }) {
  const t = useTranslations('refills');
  const payName = usePayName();
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" data-testid={testId}>
        <Head first={[t('columns.payment')]} />
        <tbody>
          {lines.map((l) => (
            <tr
              key={l.name}
              className={`border-t border-slate-100 ${STATUS_TONE[l.status]}`}
              data-testid={`${testId}-${l.name}`}
              data-status={l.status}
            >
              <th scope="row" className="px-3 py-1.5 text-left font-normal">
                {payName(l.name)}
              </th>
              <Cells line={l} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Every shelf: stock and refill count as reported, its total line, then each payment line.
 * A shelf we hold trades for that the settlement leaves out is listed too.
 */
export function ShelvesTable({ shelves }: { shelves: Reconciliation['shelves'] }) {
  const t = useTranslations('refills');
  const locale = useLocale();
  const payName = usePayName();
  const [every, setEvery] = useState(false);
  return (
    <div className="space-y-2">
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={every} onChange={(e) => setEvery(e.target.checked)} />
        {t('detail.showLines')}
      </label>
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <Head
            first={[
              t('columns.shelf'),
              t('columns.goods'),
              t('columns.stock'),
              t('columns.refillCount'),
              t('columns.payment'),
            ]}
          />
          <tbody>
            {shelves.map((s) => {
              const key = `${s.cid ?? ''}-${s.locationId ?? ''}`;
              // A shelf that agrees shows its total; one that differs, every line it has.
              const lines = s.lines.filter(
                (l) =>
                  l.name === 'total' ||
                  ((every || s.status !== 'matched') &&
                    (l.expected.units || l.reported.units || l.status !== 'matched')),
              );
              return (
                <Fragment key={key}>
                  {lines.map((l, i) => (
                    <tr
                      key={l.name}
                      className={`border-t ${i === 0 ? 'border-slate-300' : 'border-slate-100'} ${STATUS_TONE[l.status]}`}
                      data-testid={i === 0 ? `shelf-${key}` : `shelf-${key}-${l.name}`}
                      data-status={i === 0 ? s.status : l.status}
                    >
                      {i === 0 && (
                        <>
                          <th
                            scope="rowgroup"
                            rowSpan={lines.length}
                            className="px-3 py-1.5 align-top font-mono font-normal"
                          >
                            {s.cid && s.cid !== s.locationId
                              ? `${s.cid === 'master' ? t('container.master') : s.cid} / `
                              : ''}
                            {s.locationId}
                          </th>
                          <td rowSpan={lines.length} className="px-3 py-1.5 align-top">
                            {s.goodsName ?? '—'}
                            {s.price !== null && (
                              <span className="block text-xs text-slate-500">
                                {formatFen(s.price, locale)}
                              </span>
                            )}
                            {!s.reported && (
                              <span className="block text-xs text-red-800">
                                {t('detail.notInSettlement')}
                              </span>
                            )}
                          </td>
                          <td rowSpan={lines.length} className="px-3 py-1.5 align-top tabular-nums">
                            {s.stock ?? '—'}
                          </td>
                          <td rowSpan={lines.length} className="px-3 py-1.5 align-top tabular-nums">
                            {s.refillCount ?? '—'}
                          </td>
                        </>
                      )}
                      <td className="px-3 py-1.5">{payName(l.name)}</td>
                      <Cells line={l} />
                    </tr>
                  ))}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
