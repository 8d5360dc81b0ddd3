'use client';

import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'use-intl';
import { DataTable } from '@/components/data-table';
import { Notice, SelectFilter } from '@/components/form';
import { LoadMore } from '@/components/load-more';
import { Refreshing } from '@/components/refreshing';
import { useErrorText } from '@/components/use-error-text';
import { DELIVERY_STATES } from '@/lib/notifications/states';
import { deliveriesQuery, type DeliveryView } from '@/lib/notifications/queries';

const STATE_STYLE: Record<string, string> = {
  failed: 'bg-red-100 text-red-800',
  pending: 'bg-amber-100 text-amber-900',
  held: 'bg-slate-100 text-slate-700',
  delivered: 'bg-green-100 text-green-800',
};

/** The delivery log: each message, its state, its attempts and what the channel answered. */
export function DeliveriesSection() {
  const t = useTranslations('notifications');
  const tk = useTranslations('overview');
  const tc = useTranslations('common');
  const errorText = useErrorText();
  const format = useFormatter();
  const [state, setState] = useState<string | undefined>();
  const q = useInfiniteQuery(deliveriesQuery(state));
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const when = (s: number) => format.dateTime(new Date(s * 1000), 'dateTime');

  const what = (d: DeliveryView) =>
    d.alert
      ? `${d.alert.kind ? tk(`kind.${d.alert.kind}`) : ''}${d.alert.assetId ? ` · ${d.alert.assetId}` : ''}`
      : d.digestOf !== null
        ? t('digestOf', { count: d.digestOf })
        : '';

  return (
    <section aria-labelledby="deliveries-heading" className="space-y-4">
      <h2 id="deliveries-heading" className="text-lg font-semibold">
        {t('logHeading')}
      </h2>
      <SelectFilter
        label={t('state')}
        anyLabel={t('allStates')}
        value={state}
        options={DELIVERY_STATES.map((s) => ({ value: s, label: t(`states.${s}`) }))}
        onChange={setState}
      />
      {q.error && <Notice kind="error">{tc('error', { message: errorText(q.error) })}</Notice>}
      <Refreshing stale={q.isPlaceholderData}>
        <DataTable
          cards
          headers={[
            t('queued'),
            t('alert'),
            t('event'),
            t('channel'),
            t('state'),
            t('attempts'),
            t('answer'),
          ]}
          empty={q.isSuccess && items.length === 0 && t('noDeliveries')}
        >
          {items.map((d) => (
            <tr key={d.id} className="border-t border-slate-100 align-top" data-testid="delivery">
              <td className="px-3 py-2 whitespace-nowrap">{when(d.createdAt)}</td>
              <td className="px-3 py-2">
                {d.alert ? (
                  <a className="text-blue-700 underline" href={`/alerts/${d.alert.id}`}>
                    {what(d)}
                  </a>
                ) : (
                  what(d)
                )}
              </td>
              <td className="px-3 py-2">{t(`events.${d.transition}`)}</td>
              <td className="px-3 py-2 break-words">{d.channel.name}</td>
              <td className="px-3 py-2">
                <span
                  className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATE_STYLE[d.state] ?? ''}`}
                >
                  {t(`states.${d.state}`)}
                </span>
                {d.nextAttemptAt !== null && (
                  <span className="block text-xs text-slate-600">
                    {t('nextAt', { at: when(d.nextAttemptAt) })}
                  </span>
                )}
              </td>
              <td className="px-3 py-2">{d.attempts}</td>
              <td className="col-span-2 min-w-0 px-3 py-2">
                {d.log.length === 0 ? (
                  <span className="text-slate-500">{t('noAnswer')}</span>
                ) : (
                  <details>
                    <summary className="cursor-pointer break-all">
                      {answerText(t, d.log[d.log.length - 1]!)}
                    </summary>
                    <ol className="mt-1 space-y-1 text-xs text-slate-700">
                      {d.log.map((a, i) => (
                        <li key={i} className="break-all">
                          {when(a.at)} · {answerText(t, a)}
                        </li>
                      ))}
                    </ol>
                  </details>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      </Refreshing>
      <LoadMore query={q} />
    </section>
  );
}

function answerText(
  t: ReturnType<typeof useTranslations<'notifications'>>,
  a: { ok: boolean; status: number | null; answer: string | null },
) {
  const status = a.status === null ? t('noResponse') : String(a.status);
  return `${a.ok ? t('ok') : t('failedAttempt')} · ${status}${a.answer ? ` · ${a.answer}` : ''}`;
}
