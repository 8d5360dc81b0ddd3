'use client';

import Link from 'next/link';
import { useFormatter, useTranslations } from 'use-intl';
import { PickSheetView } from '@/components/planning/pick-sheet-view';
import { pickSheetCsvUrl, type RunDetail } from '@/lib/planning/queries';

/** A run's pick sheet, with its stops and whether each is served (on screen only). */
export function RunSheet({ run }: { run: RunDetail }) {
  const t = useTranslations('planning.pick');
  const tp = useTranslations('planning');
  const format = useFormatter();
  const when = (s: number) => format.dateTime(new Date(s * 1000), 'dateTime');
  return (
    <PickSheetView
      sheet={run.sheet}
      heading={t('heading', { id: run.id })}
      csvHref={pickSheetCsvUrl({ assetIds: run.machines.map((m) => m.assetId) })}
      meta={
        <p className="text-sm text-slate-600">
          {t('meta', {
            line: run.lineName ?? tp('runs.noLine'),
            time: when(run.createdAt),
            by: run.createdBy,
          })}
        </p>
      }
    >
      <section aria-labelledby="stops-heading" className="space-y-2 print:hidden">
        <h2 id="stops-heading" className="text-lg font-semibold">
          {t('stops')}{' '}
          <span className="text-sm font-normal" data-testid="served-count">
            {tp('runs.served', { served: run.servedCount, machines: run.machineCount })}
          </span>
        </h2>
        <ol className="divide-y divide-slate-100 rounded border border-slate-200 bg-white text-sm">
          {run.machines.map((m) => (
            <li
              key={m.assetId}
              className="flex flex-wrap items-baseline gap-x-3 px-3 py-2"
              data-testid={`stop-${m.assetId}`}
            >
              <span className="tabular-nums">{m.position + 1}.</span>
              <Link
                href={`/machines/${encodeURIComponent(m.assetId)}`}
                className="font-medium text-blue-700 underline"
              >
                {m.name ?? m.assetId}
              </Link>
              <span className="text-slate-600">{m.siteName ?? ''}</span>
              <span className="ml-auto" data-served={m.servedAt !== null}>
                {m.servedAt === null ? (
                  <span className="text-slate-600">{t('pending')}</span>
                ) : (
                  <span className="font-medium text-emerald-800">
                    {t('servedAt', { time: when(m.servedAt) })}
                  </span>
                )}
              </span>
            </li>
          ))}
        </ol>
      </section>
    </PickSheetView>
  );
}
