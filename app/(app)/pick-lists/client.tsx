'use client';

import Link from 'next/link';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'use-intl';
import { useErrorText } from '@/components/use-error-text';
import { Freshness } from '@/components/freshness';
import { Refreshing } from '@/components/refreshing';
import { FillChoice } from '@/components/planning/fill-choice';
import { PickSheetView } from '@/components/planning/pick-sheet-view';
import { RunSheet } from '@/components/planning/run-sheet';
import {
  pickSheetCsvUrl,
  pickSheetQuery,
  runQuery,
  runsQuery,
  type PickSelection,
  type SheetFill,
} from '@/lib/planning/queries';
import { MAX_SHEET_LINES, MAX_SHEET_MACHINES } from '@/lib/planning/sheet-limits';

export type SelectionProblem = 'tooMany' | 'unknownLine' | 'unknownMachine' | 'badSelection';

function RunList({ current }: { current: number | null }) {
  const t = useTranslations('planning.runs');
  const format = useFormatter();
  const { data } = useQuery(runsQuery());
  const items = data?.items ?? [];
  return (
    <nav aria-labelledby="runs-heading" className="space-y-2 print:hidden">
      <h2 id="runs-heading" className="font-medium">
        {t('heading')}
      </h2>
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">
          {t('empty')}{' '}
          <Link href="/lines" className="text-blue-700 underline">
            {t('toLines')}
          </Link>
        </p>
      ) : (
        <ul className="space-y-1 text-sm">
          {items.map((r) => (
            <li key={r.id}>
              <Link
                href={`/pick-lists?run=${r.id}`}
                aria-current={r.id === current ? 'page' : undefined}
                className={`block rounded px-2 py-1 hover:bg-slate-100 ${r.id === current ? 'bg-slate-100 font-medium' : 'text-blue-800'}`}
              >
                {t('item', { id: r.id, line: r.lineName ?? t('noLine') })}
                <span className="block text-xs text-slate-600">
                  {format.dateTime(new Date(r.createdAt * 1000), 'dateTime')} · {r.createdBy} ·{' '}
                  {t('served', { served: r.servedCount, machines: r.machineCount })}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}

function Run({ id }: { id: number }) {
  const t = useTranslations('planning');
  const errorText = useErrorText();
  const { data, dataUpdatedAt, isError, error } = useQuery(runQuery(id));
  if (error && !data)
    return (
      <p role="alert" className="text-red-700">
        {t('error', { message: errorText(error) })}
      </p>
    );
  if (!data) return null;
  return (
    <div className="space-y-2">
      <div className="print:hidden">
        <Freshness updatedAt={dataUpdatedAt} failed={isError} />
      </div>
      <RunSheet run={data} />
    </div>
  );
}

function Selection({ selection, fill }: { selection: PickSelection; fill: SheetFill }) {
  const t = useTranslations('planning');
  const errorText = useErrorText();
  const { data, dataUpdatedAt, isError, error, isPlaceholderData } = useQuery({
    ...pickSheetQuery(selection, fill),
    placeholderData: keepPreviousData,
  });
  if (error && !data)
    return (
      <p role="alert" className="text-red-700">
        {t('error', { message: errorText(error) })}
      </p>
    );
  if (!data) return null;
  const lines = [...new Set(data.machines.map((m) => m.lineName).filter(Boolean))];
  return (
    <div className="space-y-2">
      <div className="print:hidden">
        <Freshness updatedAt={dataUpdatedAt} failed={isError} />
      </div>
      <FillChoice selection={selection} fill={fill} />
      <Refreshing stale={isPlaceholderData}>
        <PickSheetView
          sheet={data}
          heading={t('sheet.heading')}
          csvHref={pickSheetCsvUrl(selection, fill)}
          meta={
            'lineIds' in selection && lines.length > 0 ? (
              <p className="text-sm text-slate-600">
                {t('sheet.ofLines', { lines: lines.join(t('sheet.listSeparator')) })}
              </p>
            ) : undefined
          }
        />
      </Refreshing>
    </div>
  );
}

/**
 * A pick list of any selection of machines, or of a refill run (chosen from the list of runs):
 * what to load per goods, then per machine and shelf.
 */
export function PickListsClient({
  runId,
  missing,
  selection,
  fill,
  problem,
}: {
  runId: number | null;
  missing: boolean;
  selection: PickSelection | null;
  /** How the selection's sheet loads (null for a run's: to capacity). */
  fill: SheetFill | null;
  problem: SelectionProblem | null;
}) {
  const t = useTranslations('planning.runs');
  const ts = useTranslations('planning.sheet');
  return (
    <div className="grid gap-6 lg:grid-cols-[16rem_1fr] print:block">
      <RunList current={runId} />
      <section aria-label={t('pickList')} className="min-w-0">
        {missing && (
          <p role="alert" className="mb-4 text-red-700">
            {t('missing')}
          </p>
        )}
        {problem && (
          <p role="alert" className="mb-4 text-red-700" data-testid="selection-problem">
            {ts(`problem.${problem}`, { machines: MAX_SHEET_MACHINES, lines: MAX_SHEET_LINES })}
          </p>
        )}
        {selection ? (
          <Selection
            selection={selection}
            fill={fill ?? { fill: 'capacity', parDays: 1, visitAt: null }}
          />
        ) : runId === null ? (
          !problem && <p className="text-slate-600">{t('none')}</p>
        ) : (
          <Run id={runId} />
        )}
      </section>
    </div>
  );
}
