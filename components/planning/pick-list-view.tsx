'use client';

import Link from 'next/link';
import { useFormatter, useTranslations } from 'use-intl';
import { DataTable } from '@/components/data-table';
import { buttonClass, quietButtonClass } from '@/components/form';
import { pickListCsvUrl, type RunDetail } from '@/lib/planning-query';

/**
 * A run's pick list: the run's machines in visiting order and whether each is served, what
 * to load per goods (the van's load) and per machine and shelf (the crew's work at each stop).
 * Prints as a sheet: the shell, the run list and the buttons stay on screen only.
 */
export function PickListView({ run }: { run: RunDetail }) {
  const t = useTranslations('planning.pick');
  const tp = useTranslations('planning');
  const format = useFormatter();
  const { goods, shelves } = run.pickList;
  const name = (goodsId: string) => run.goodsNames[goodsId] ?? goodsId;
  const when = (s: number) =>
    format.dateTime(new Date(s * 1000), { dateStyle: 'medium', timeStyle: 'short' });
  const total = goods.reduce((n, g) => n + g.units, 0);

  return (
    <article aria-labelledby="pick-heading" className="space-y-6">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 id="pick-heading" className="text-xl font-semibold">
            {t('heading', { id: run.id })}
          </h1>
          <p className="text-sm text-slate-600">
            {t('meta', {
              line: run.lineName ?? tp('runs.noLine'),
              time: when(run.createdAt),
              by: run.createdBy,
            })}
          </p>
          <p className="text-sm" data-testid="served-count">
            {tp('runs.served', { served: run.servedCount, machines: run.machineCount })}
          </p>
        </div>
        <div className="flex gap-2 print:hidden">
          <button type="button" className={buttonClass} onClick={() => window.print()}>
            {t('print')}
          </button>
          <a
            className={quietButtonClass}
            href={pickListCsvUrl(run.machines.map((m) => m.assetId))}
            download
          >
            {t('csv')}
          </a>
        </div>
      </header>

      <section aria-labelledby="stops-heading" className="space-y-2">
        <h2 id="stops-heading" className="text-lg font-semibold">
          {t('stops')}
        </h2>
        <DataTable headers={[t('stop'), t('machine'), t('site'), t('served')]}>
          {run.machines.map((m) => (
            <tr
              key={m.assetId}
              className="border-t border-slate-100"
              data-testid={`stop-${m.assetId}`}
            >
              <td className="px-3 py-2 tabular-nums">{m.position + 1}</td>
              <td className="px-3 py-2">
                <Link
                  href={`/machines/${encodeURIComponent(m.assetId)}`}
                  className="text-blue-700 underline print:text-inherit print:no-underline"
                >
                  {m.name ?? m.assetId}
                </Link>{' '}
                <span className="font-mono text-xs text-slate-500">{m.assetId}</span>
              </td>
              <td className="px-3 py-2">{m.siteName ?? '—'}</td>
              <td className="px-3 py-2" data-served={m.servedAt !== null}>
                {m.servedAt === null ? (
                  <span className="text-slate-600">{t('pending')}</span>
                ) : (
                  <span className="font-medium text-emerald-800">
                    {t('servedAt', { time: when(m.servedAt) })}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      </section>

      <section aria-labelledby="goods-heading" className="space-y-2 break-inside-avoid">
        <h2 id="goods-heading" className="text-lg font-semibold">
          {t('goods')}
        </h2>
        <DataTable
          headers={[t('goodsName'), t('goodsId'), t('units')]}
          empty={goods.length === 0 && t('nothing')}
        >
          {goods.map((g) => (
            <tr
              key={g.goodsId}
              className="border-t border-slate-100"
              data-testid={`goods-${g.goodsId}`}
            >
              <td className="px-3 py-2">{g.goodsName ?? name(g.goodsId)}</td>
              <td className="px-3 py-2 font-mono text-xs">{g.goodsId}</td>
              <td className="px-3 py-2 font-semibold tabular-nums" data-testid="goods-units">
                {g.units}
              </td>
            </tr>
          ))}
          {goods.length > 0 && (
            <tr className="border-t-2 border-slate-300 font-semibold">
              <td className="px-3 py-2" colSpan={2}>
                {t('total')}
              </td>
              <td className="px-3 py-2 tabular-nums" data-testid="total-units">
                {total}
              </td>
            </tr>
          )}
        </DataTable>
      </section>

      <section aria-labelledby="shelves-heading" className="space-y-4">
        <h2 id="shelves-heading" className="text-lg font-semibold">
          {t('byMachine')}
        </h2>
        <p className="text-xs text-slate-500">{t('unknownNote')}</p>
        {run.machines.map((m) => {
          const own = shelves.filter((s) => s.assetId === m.assetId);
          return (
            <div key={m.assetId} className="space-y-1 break-inside-avoid">
              <h3 className="font-medium" id={`machine-${m.assetId}`}>
                {t('stopHeading', { n: m.position + 1, machine: m.name ?? m.assetId })}{' '}
                <span className="text-sm font-normal text-slate-600">
                  {m.siteName ?? ''} ·{' '}
                  {t('machineUnits', { n: own.reduce((n, s) => n + s.units, 0) })}
                </span>
              </h3>
              <DataTable
                headers={[
                  t('container'),
                  t('shelf'),
                  t('goodsName'),
                  t('capacity'),
                  t('estimated'),
                  t('units'),
                ]}
                empty={own.length === 0 && t('noShelves')}
              >
                {own.map((s) => (
                  <tr
                    key={`${s.cid}/${s.locationId}`}
                    className="border-t border-slate-100"
                    data-testid={`pick-${s.assetId}-${s.cid}-${s.locationId}`}
                  >
                    <td className="px-3 py-2 font-mono text-xs">{s.cid}</td>
                    <td className="px-3 py-2 font-mono">{s.locationId}</td>
                    <td className="px-3 py-2">{name(s.goodsId)}</td>
                    <td className="px-3 py-2 tabular-nums">{s.capacity}</td>
                    <td className="px-3 py-2 tabular-nums">
                      {s.estimatedStock === null ? t('unknown') : s.estimatedStock}
                    </td>
                    <td className="px-3 py-2 font-semibold tabular-nums">{s.units}</td>
                  </tr>
                ))}
              </DataTable>
            </div>
          );
        })}
      </section>
    </article>
  );
}
