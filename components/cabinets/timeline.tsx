'use client';

import { useFormatter, useTranslations } from 'use-intl';
import type { CabinetOrderView } from '@/lib/cabinets/queries';
import { EVENT_ACTIONS as KNOWN, PlatformText, UnreadableCause } from './labels';

/** Every callback and action on the order, oldest first, with the items each one carried. */
export function OrderTimeline({ order }: { order: CabinetOrderView }) {
  const t = useTranslations('cabinets');
  const format = useFormatter();
  return (
    <section aria-labelledby="timeline-heading" className="space-y-2">
      <h2 id="timeline-heading" className="font-medium">
        {t('timeline')}
      </h2>
      <ol className="space-y-2 border-l-2 border-slate-200 pl-4" data-testid="timeline">
        {order.events.map((e) => {
          const key = e.action.replace(/:/g, '_');
          return (
            <li key={e.id} className="text-sm">
              <p>
                <time className="text-slate-600">
                  {format.dateTime(new Date(e.at * 1000), 'dateTime')}
                </time>{' '}
                <span className="font-medium">{t(`events.${KNOWN.has(key) ? key : 'other'}`)}</span>
                {!KNOWN.has(key) && <span className="font-mono"> {e.action}</span>}
                {e.status !== null && (
                  <span className={e.status ? 'text-green-800' : 'text-red-700'}>
                    {' '}
                    · {e.status ? t('statusOk') : t('statusFailed')}
                  </span>
                )}
                {e.msg && e.action !== 'unreadable' && (
                  <span className="text-slate-700">
                    {' '}
                    · <PlatformText text={e.msg} />
                  </span>
                )}
                {e.actor && (
                  <span className="text-slate-600"> · {t('by', { actor: e.actor })}</span>
                )}
                {e.sentAt !== null && e.sentAt !== e.at && (
                  <span className="text-slate-600">
                    {' '}
                    ·{' '}
                    {t('sentAt', {
                      time: format.dateTime(new Date(e.sentAt * 1000), 'timeSeconds'),
                    })}
                  </span>
                )}
              </p>
              {e.cause && (
                <p className="ml-4 text-amber-900" data-testid="event-cause">
                  <UnreadableCause
                    cause={e.cause}
                    action={e.kind === 'callback' ? e.action : null}
                  />
                </p>
              )}
              {e.items && e.items.length > 0 && (
                <ul className="ml-4 list-disc text-slate-700">
                  {e.items.map((i, n) => (
                    <li key={n}>
                      {i.name} ×{' '}
                      {i.meterType === 2
                        ? t('countGrams', { count: i.count })
                        : t('countPieces', { count: i.count })}
                      {i.pictureName && (
                        <span className="font-mono text-xs text-slate-500">
                          {' '}
                          ({t('pictureName', { name: i.pictureName })})
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              )}
              {e.raw && (
                <details className="ml-4">
                  <summary className="cursor-pointer text-xs text-blue-700">{t('rawBody')}</summary>
                  {/* What the parser said, as technical as the body it is about. */}
                  {e.action === 'unreadable' && e.msg && (
                    <p className="font-mono text-xs text-slate-600">{e.msg}</p>
                  )}
                  <pre className="overflow-x-auto bg-slate-50 p-2 text-xs">{e.raw}</pre>
                </details>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
