'use client';

import { useIsMutating, useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'use-intl';
import { BackLink } from '@/components/back-link';
import { Freshness } from '@/components/freshness';
import { Refreshing } from '@/components/refreshing';
import { AlertActions } from '@/components/alerts/actions';
import { useAlertText } from '@/components/alerts/describe';
import { alertQuery } from '@/lib/alerts/queries';
import { AlertState } from '../badges';
import { AlertPlace } from '../list';
import { Deliveries, Timeline } from './timeline';

/** One alert's page, phone first: the facts, the buttons, then its history. */
export function AlertClient({ id, canAct }: { id: number; canAct: boolean }) {
  const t = useTranslations('alerts');
  const format = useFormatter();
  const { kindName, sentence, howLong } = useAlertText();
  const query = useQuery(alertQuery(id));
  // While a change is saved and the alert read again, what is shown is the state before it.
  const changing = useIsMutating({ mutationKey: ['alert-action', id] }) > 0;
  const a = query.data;
  if (!a) return null;
  const now = Math.floor(query.dataUpdatedAt / 1000);
  const when = (s: number) => format.dateTime(new Date(s * 1000), 'dateTime');
  const text = sentence(a);
  return (
    <section aria-labelledby="alert-heading" className="space-y-4">
      <BackLink fallback="/alerts" label={t('page.back')} />
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 id="alert-heading" className="text-xl font-semibold">
          {kindName(a.kind)} <span className="text-base font-normal text-slate-500">#{a.id}</span>
        </h1>
        <Freshness updatedAt={query.dataUpdatedAt} failed={query.isRefetchError} />
      </div>
      <Refreshing stale={changing} className="space-y-4">
        <dl className="grid gap-3 rounded border border-slate-200 bg-white p-3 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-xs text-slate-600">{t('page.state')}</dt>
            <dd>
              <AlertState alert={a} />
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-600">{t('page.where')}</dt>
            <dd data-testid="alert-place">
              <AlertPlace alert={a} />
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-600">{t('page.when')}</dt>
            <dd>
              {when(a.startedAt)} · {howLong(a, now)}
            </dd>
          </div>
          {text && (
            <div>
              <dt className="text-xs text-slate-600">{t('page.details')}</dt>
              <dd data-testid="alert-detail">{text}</dd>
            </div>
          )}
          {a.acknowledgedBy && a.acknowledgedAt !== null && (
            <div className="sm:col-span-2">
              <dt className="sr-only">{t('states.acknowledged')}</dt>
              <dd>
                {t('page.acknowledgedBy', { name: a.acknowledgedBy, time: when(a.acknowledgedAt) })}
                {a.ackNote && (
                  <span className="block whitespace-pre-wrap text-slate-700">{a.ackNote}</span>
                )}
              </dd>
            </div>
          )}
          {a.resolvedAt !== null && (
            <div className="sm:col-span-2">
              <dt className="sr-only">{t('states.resolved')}</dt>
              <dd>
                {a.resolvedBy
                  ? t('page.resolvedBy', { name: a.resolvedBy, time: when(a.resolvedAt) })
                  : t('page.resolvedItself', { time: when(a.resolvedAt) })}
                {a.resolveNote && (
                  <span className="block whitespace-pre-wrap text-slate-700">{a.resolveNote}</span>
                )}
              </dd>
            </div>
          )}
        </dl>
        {canAct && <AlertActions alert={a} />}
        <Timeline events={a.timeline} />
        <Deliveries deliveries={a.deliveries} />
      </Refreshing>
    </section>
  );
}
