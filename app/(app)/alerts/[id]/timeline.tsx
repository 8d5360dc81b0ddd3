'use client';

import { useFormatter, useTranslations } from 'use-intl';
import type { AlertDetail } from '@/lib/alerts/queries';

type Event = AlertDetail['timeline'][number];
type Delivery = AlertDetail['deliveries'][number];

const fields = (v: unknown) =>
  v && typeof v === 'object' ? (v as Record<string, unknown>) : ({} as Record<string, unknown>);

/** Each change to the alert, oldest first, in words. */
export function Timeline({ events }: { events: Event[] }) {
  const t = useTranslations('alerts');
  const format = useFormatter();
  const when = (s: number) => format.dateTime(new Date(s * 1000), 'dateTime');
  const say = (e: Event) => {
    const d = fields(e.details);
    const by = e.by ?? t('app');
    switch (e.type) {
      case 'opened':
      case 'worsened':
      case 'escalated':
        return t(`events.${e.type}`);
      case 'acknowledged':
        return t('events.acknowledged', { by });
      case 'snoozed':
        return t('events.snoozed', {
          by,
          until: typeof d.until === 'number' ? when(d.until) : '—',
        });
      case 'assigned':
        return typeof d.name === 'string'
          ? t('events.assigned', { by, name: d.name })
          : t('events.unassigned', { by });
      case 'resolved':
        return e.by ? t('events.resolved', { by }) : t('events.resolvedItself');
      default:
        return t('events.other');
    }
  };
  return (
    <section
      aria-labelledby="timeline-heading"
      className="rounded border border-slate-200 bg-white p-3"
    >
      <h2 id="timeline-heading" className="mb-2 font-medium">
        {t('page.timeline')}
      </h2>
      <ol className="space-y-2 border-l-2 border-slate-200 pl-3 text-sm" data-testid="timeline">
        {events.map((e) => (
          <li key={e.id}>
            <span className="block text-xs text-slate-600">{when(e.at)}</span>
            <span>{say(e)}</span>
            {e.note && (
              <span className="block whitespace-pre-wrap break-words text-slate-700">{e.note}</span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

const STATE_TONE: Record<string, string> = {
  delivered: 'bg-green-100 text-green-900',
  failed: 'bg-red-100 text-red-900',
  held: 'bg-slate-200 text-slate-800',
  pending: 'bg-amber-100 text-amber-900',
};

/** The messages sent about the alert: to which channel, for what, how it went. */
export function Deliveries({ deliveries }: { deliveries: Delivery[] }) {
  const t = useTranslations('alerts');
  const format = useFormatter();
  const when = (s: number) => format.dateTime(new Date(s * 1000), 'dateTime');
  const known = (group: string, key: string) =>
    t.has(`delivery.${group}.${key}`)
      ? t(`delivery.${group}.${key}`)
      : t(`delivery.${group}.other`);
  return (
    <section
      aria-labelledby="deliveries-heading"
      className="rounded border border-slate-200 bg-white p-3"
    >
      <h2 id="deliveries-heading" className="mb-2 font-medium">
        {t('page.deliveries')}
      </h2>
      {deliveries.length === 0 ? (
        <p className="text-sm text-slate-600">{t('page.noDeliveries')}</p>
      ) : (
        <ul className="space-y-2 text-sm" data-testid="deliveries">
          {deliveries.map((d) => (
            <li key={d.id} className="border-t border-slate-100 pt-2 first:border-0 first:pt-0">
              <div className="flex flex-wrap items-baseline gap-2">
                <span className="font-medium">{d.channelName ?? t('delivery.deletedChannel')}</span>
                <span className="text-xs text-slate-600">
                  {d.channelKind ? known('channelKinds', d.channelKind) : ''}
                </span>
                <span className="text-xs">{known('transitions', d.transition)}</span>
                <span className={`rounded px-2 py-0.5 text-xs ${STATE_TONE[d.state] ?? ''}`}>
                  {known('states', d.state)}
                </span>
              </div>
              <p className="text-xs text-slate-600">
                {when(d.deliveredAt ?? d.createdAt)} ·{' '}
                {t('delivery.attempts', { count: d.attempts })}
              </p>
              {d.lastAnswer && (
                <p className="text-xs break-words text-slate-700">
                  {t('delivery.answer', {
                    answer: `${d.lastStatus ?? ''} ${d.lastAnswer}`.trim(),
                  })}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
