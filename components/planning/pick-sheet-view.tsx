'use client';

import type { ReactNode } from 'react';
import { useFormatter, useTranslations } from 'use-intl';
import { buttonClass, quietButtonClass } from '@/components/form';
import type { PickSheet, SheetShelf } from '@/lib/planning/pick-sheet';

const box = (
  <span
    aria-hidden
    className="inline-block size-4 shrink-0 rounded-sm border-2 border-slate-500 align-middle"
    data-testid="tick-box"
  />
);

function GoodsCell({ number, name }: Pick<SheetShelf, 'number' | 'name'>) {
  const t = useTranslations('planning.sheet');
  return (
    <>
      <span className="block font-medium">{name ?? t('unnamed')}</span>
      <span className="block font-mono text-xs text-slate-600">{number ?? t('noNumber')}</span>
    </>
  );
}

/**
 * A warehouse-ready pick sheet (D82): the goods totals first (the van's load), then one
 * checklist per machine with a tick box per shelf and a signature line. On paper the totals
 * take the first page and the checklists follow, packed, each kept whole where it fits.
 */
export function PickSheetView({
  sheet,
  heading,
  meta,
  csvHref,
  children,
}: {
  sheet: PickSheet;
  heading: string;
  meta?: ReactNode;
  csvHref: string;
  /** Shown on screen between the header and the totals (a run's stops). */
  children?: ReactNode;
}) {
  const t = useTranslations('planning.sheet');
  const format = useFormatter();
  const loading = sheet.machines.filter((m) => m.units > 0);
  const par = sheet.par;
  const full = sheet.machines.filter((m) => m.units === 0);
  return (
    <article aria-labelledby="pick-heading" className="space-y-6 print:space-y-3 print:text-sm">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 id="pick-heading" className="text-xl font-semibold">
            {heading}
          </h1>
          {meta}
          <p className="text-sm" data-testid="sheet-summary">
            {t('summary', { machines: sheet.machines.length, units: sheet.totalUnits })}
          </p>
          {par && (
            <p className="text-sm font-medium" data-testid="par-summary">
              {t('parSummary', {
                days: par.days,
                units: sheet.totalUnits,
                full: par.fullUnits,
                saved: par.fullUnits - sheet.totalUnits,
                share: format.number(
                  par.fullUnits ? (par.fullUnits - sheet.totalUnits) / par.fullUnits : 0,
                  { style: 'percent', maximumFractionDigits: 0 },
                ),
              })}
            </p>
          )}
          {par && (
            <p className="max-w-2xl text-xs text-slate-600">
              {t('parNote', {
                until: format.dateTime(new Date(par.untilAt * 1000), 'dayTime'),
              })}
            </p>
          )}
        </div>
        <div className="flex gap-2 print:hidden">
          <button type="button" className={buttonClass} onClick={() => window.print()}>
            {t('print')}
          </button>
          <a className={quietButtonClass} href={csvHref} download>
            {t('csv')}
          </a>
        </div>
      </header>
      {children}

      <section aria-labelledby="goods-heading" className="space-y-2">
        <h2 id="goods-heading" className="text-lg font-semibold">
          {t('goods')}
        </h2>
        {sheet.goods.length === 0 ? (
          <p className="text-slate-600">{t('nothing')}</p>
        ) : (
          <table className="w-full max-w-2xl border-collapse text-sm" data-testid="goods-table">
            <thead>
              <tr className="border-b border-slate-300 text-left text-xs text-slate-600">
                <th scope="col" className="w-8 py-1">
                  <span className="sr-only">{t('tick')}</span>
                </th>
                <th scope="col" className="py-1">
                  {t('goodsName')}
                </th>
                <th scope="col" className="py-1 text-right">
                  {t('units')}
                </th>
              </tr>
            </thead>
            <tbody>
              {sheet.goods.map((g) => (
                <tr
                  key={g.goodsId}
                  className="border-b border-slate-100 break-inside-avoid"
                  data-testid={`goods-${g.goodsId}`}
                >
                  <td className="py-1.5">{box}</td>
                  <td className="py-1.5">
                    <GoodsCell {...g} />
                  </td>
                  <td
                    className="py-1.5 text-right text-lg font-semibold tabular-nums"
                    data-testid="goods-units"
                  >
                    {g.units}
                  </td>
                </tr>
              ))}
              <tr className="font-semibold">
                <td />
                <td className="py-1.5">{t('total')}</td>
                <td className="py-1.5 text-right tabular-nums" data-testid="total-units">
                  {sheet.totalUnits}
                </td>
              </tr>
            </tbody>
          </table>
        )}
        {sheet.machines.some((m) => m.shelves.some((s) => s.estimatedStock === null)) && (
          <p className="text-xs text-slate-500">{t('unknownNote')}</p>
        )}
        {par && par.noForecastShelves > 0 && (
          <p className="text-xs text-slate-500" data-testid="no-forecast-note">
            {t('noForecastNote', { shelves: par.noForecastShelves })}
          </p>
        )}
      </section>

      <section
        aria-labelledby="checklists-heading"
        className="space-y-4 print:break-before-page print:space-y-2"
      >
        <h2 id="checklists-heading" className="text-lg font-semibold">
          {t('checklists')}
        </h2>
        <div className="grid gap-4 lg:grid-cols-2 print:block print:columns-2 print:gap-4">
          {loading.map((m, i) => (
            <section
              key={m.assetId}
              aria-labelledby={`machine-${i}`}
              className="rounded border border-slate-200 bg-white p-3 break-inside-avoid print:mb-3 print:rounded-none print:border-slate-400 print:p-2"
              data-testid={`checklist-${m.assetId}`}
            >
              <h3 id={`machine-${i}`} className="flex flex-wrap items-baseline gap-x-2 font-medium">
                <span>
                  {i + 1}. {m.name ?? m.assetId}
                </span>
                <span className="font-mono text-xs text-slate-600">{m.assetId}</span>
                <span className="ml-auto font-semibold tabular-nums" data-testid="machine-units">
                  {t('units_n', { n: m.units })}
                </span>
              </h3>
              {(m.siteName || m.lineName) && (
                <p className="text-xs text-slate-600">
                  {[m.siteName, m.lineName].filter(Boolean).join(' · ')}
                </p>
              )}
              <table className="mt-1 w-full border-collapse text-sm">
                <thead>
                  <tr className="border-b border-slate-300 text-left text-xs text-slate-600">
                    <th scope="col" className="w-7 py-0.5">
                      <span className="sr-only">{t('tick')}</span>
                    </th>
                    <th scope="col" className="w-14 py-0.5">
                      {t('shelf')}
                    </th>
                    <th scope="col" className="py-0.5">
                      {t('goodsName')}
                    </th>
                    <th scope="col" className="py-0.5 text-right">
                      {t('units')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {m.shelves.map((s) => (
                    <tr
                      key={`${s.container}/${s.locationId}`}
                      className="border-b border-slate-100"
                      data-testid="shelf-row"
                    >
                      <td className="py-1">{box}</td>
                      <td className="py-1 font-mono tabular-nums">
                        {s.container === null
                          ? s.locationId
                          : t('containerShelf', { container: s.container, shelf: s.locationId })}
                      </td>
                      <td className="py-1">
                        <GoodsCell {...s} />
                        {s.estimatedStock === null && (
                          <span className="text-xs text-amber-800">{t('unknownStock')}</span>
                        )}
                        {s.forecast === false && (
                          <span className="block text-xs text-amber-800">{t('noForecast')}</span>
                        )}
                      </td>
                      <td className="py-1 text-right font-semibold tabular-nums">{s.units}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="mt-3 flex flex-wrap gap-x-6 gap-y-2 text-xs" data-testid="signature">
                <span>{t('signedBy')} ____________</span>
                <span>{t('signedAt')} ________</span>
              </p>
            </section>
          ))}
        </div>
        {full.length > 0 && (
          <p className="text-sm text-slate-600" data-testid="full-machines">
            {t('full', {
              count: full.length,
              names: full.map((m) => m.name ?? m.assetId).join(t('listSeparator')),
            })}
          </p>
        )}
      </section>
    </article>
  );
}
