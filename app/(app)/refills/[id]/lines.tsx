'use client';

import { Fragment, useState } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { formatFen } from '@/lib/money';
import type { Reconciliation } from '@/lib/refills/reconcile';
import type { Line } from '@/lib/refills/rules';
import { SETTLEMENT_ORDER } from '@/lib/sales/paystyles';
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
    <>
      <ul className="space-y-2 md:hidden">
        {lines.map((l) => (
          <li
            key={l.name}
            className={`rounded border border-slate-200 bg-white p-3 ${STATUS_TONE[l.status]}`}
          >
            <LineCard line={l} title={payName(l.name)} />
          </li>
        ))}
      </ul>
      <div className="hidden overflow-x-auto rounded border border-slate-200 bg-white md:block">
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
    </>
  );
}

/**
 * One payment line on a phone: ours, reported and the difference, in items and in money, in a
 * grid narrow enough for 390 px.
 */
function LineCard({ line, title }: { line: Line; title: string }) {
  const t = useTranslations('refills');
  const locale = useLocale();
  const money = (fen: number) => formatFen(fen, locale);
  const sign = (n: number, text: string) => (n === 0 ? '' : n > 0 ? `+${text}` : text);
  const d = line.difference;
  return (
    <div className="text-sm" data-testid={`line-card-${line.name}`} data-status={line.status}>
      <p className="flex items-baseline justify-between gap-2">
        <span className="font-medium">{title}</span>
        <StatusBadge status={line.status} />
      </p>
      <div className="mt-1 grid grid-cols-[auto_repeat(3,minmax(0,1fr))] gap-x-2 text-right tabular-nums">
        <span />
        <span className="text-xs text-slate-600">{t('detail.expected')}</span>
        <span className="text-xs text-slate-600">{t('detail.reported')}</span>
        <span className="text-xs text-slate-600">{t('detail.difference')}</span>
        <span className="text-left text-xs text-slate-600">{t('columns.units')}</span>
        <span>{line.expected.units}</span>
        <span>{line.reported.units}</span>
        <span className="font-medium">{sign(d.units, String(d.units))}</span>
        <span className="text-left text-xs text-slate-600">{t('columns.amount')}</span>
        <span>{money(line.expected.sales)}</span>
        <span>{money(line.reported.sales)}</span>
        <span className="font-medium">{sign(d.sales, money(d.sales))}</span>
      </div>
    </div>
  );
}

/** A shelf that agrees shows its total; one that differs, every line it has (or all, asked). */
const shownLines = (s: Reconciliation['shelves'][number], every: boolean) =>
  s.lines.filter(
    (l) =>
      l.name === 'total' ||
      ((every || s.status !== 'matched') &&
        (l.expected.units || l.reported.units || l.status !== 'matched')),
  );

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
      <ul className="space-y-2 md:hidden">
        {shelves.map((s) => (
          <li
            key={`${s.cid ?? ''}-${s.locationId ?? ''}`}
            className="space-y-2 rounded border border-slate-200 bg-white p-3 text-sm"
          >
            <p>
              <span className="font-medium">
                {t('detail.shelfCard', { shelf: s.locationId ?? '—' })}
              </span>{' '}
              {s.goodsName ?? '—'}
              {s.price !== null && ` · ${formatFen(s.price, locale)}`}
            </p>
            <p className="text-xs text-slate-600">
              {t('columns.stock')} {s.stock ?? '—'} · {t('columns.refillCount')}{' '}
              {s.refillCount ?? '—'}
              {!s.reported && (
                <span className="block text-red-800">{t('detail.notInSettlement')}</span>
              )}
            </p>
            {shownLines(s, every).map((l) => (
              <div key={l.name} className={`rounded p-2 ${STATUS_TONE[l.status]}`}>
                <LineCard line={l} title={payName(l.name)} />
              </div>
            ))}
          </li>
        ))}
      </ul>
      <div className="hidden overflow-x-auto rounded border border-slate-200 bg-white md:block">
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
              const lines = shownLines(s, every);
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
