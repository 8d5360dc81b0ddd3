'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'use-intl';
import { useErrorText } from '@/components/use-error-text';
import { Freshness } from '@/components/freshness';
import { PickListView } from '@/components/planning/pick-list-view';
import { runQuery, runsQuery, type RunDetail } from '@/lib/planning-query';

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
                  {format.dateTime(new Date(r.createdAt * 1000), {
                    dateStyle: 'short',
                    timeStyle: 'short',
                  })}{' '}
                  · {r.createdBy} ·{' '}
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
      <PickListView run={data as RunDetail} />
    </div>
  );
}

/** Refill runs and, for the one chosen, what to load: per goods, per machine and shelf. */
export function PickListsClient({ runId, missing }: { runId: number | null; missing: boolean }) {
  const t = useTranslations('planning.runs');
  return (
    <div className="grid gap-6 lg:grid-cols-[16rem_1fr] print:block">
      <RunList current={runId} />
      <section aria-label={t('pickList')} className="min-w-0">
        {missing && (
          <p role="alert" className="mb-4 text-red-700">
            {t('missing')}
          </p>
        )}
        {runId === null ? <p className="text-slate-600">{t('none')}</p> : <Run id={runId} />}
      </section>
    </div>
  );
}
