'use client';

import { useFormatter, useTranslations } from 'use-intl';
import {
  buildTimeline,
  foldTimeline,
  type FoldedEntry,
  type TimelineKind,
} from '@/lib/fleet/timeline';
import type { MachineDetail } from '@/lib/fleet/machine-queries';
import { useDuration } from './use-duration';

const BAD: ReadonlySet<TimelineKind> = new Set([
  'fault_raised',
  'offline',
  'vmc_lost',
  'not_sellable',
  'sold_out',
]);

/** Faults raised and cleared, door, online, VMC, sale and shelf transitions, newest first. */
export function Timeline({ m, now }: { m: MachineDetail; now: number }) {
  const t = useTranslations('machine.timeline');
  const format = useFormatter();
  const duration = useDuration();
  const entries = foldTimeline(buildTimeline(m.events, m.faults, now));
  const text = (e: FoldedEntry) =>
    e.shelves.length > 1
      ? t(`kind.${e.kind}_many`, { shelves: e.shelves.map((s) => `${e.cid}-${s}`).join(', ') })
      : t(`kind.${e.kind}`, {
          pcode: e.pcode ?? '',
          name: e.detail ?? '',
          cid: e.cid ?? '',
          shelf: e.kind === 'sold_out' || e.kind === 'restocked' ? `${e.cid}-${e.detail}` : '',
        });
  const note = (e: FoldedEntry) => {
    // A folded row's entries each had their own duration: none is the row's.
    if (e.durationSeconds === null || e.count > 1) return null;
    const d = duration(e.durationSeconds);
    if (e.kind === 'fault_raised') return t(e.ongoing ? 'ongoing' : 'lasted', { duration: d });
    return t('after', { duration: d });
  };
  return (
    <section aria-labelledby="timeline-heading" className="space-y-2">
      <h2 id="timeline-heading" className="text-lg font-semibold">
        {t('heading')}
      </h2>
      {entries.length === 0 ? (
        <p className="text-slate-600">{t('empty')}</p>
      ) : (
        <ol className="max-h-[28rem] divide-y divide-slate-100 overflow-y-auto rounded border border-slate-200 bg-white text-sm">
          {entries.map((e) => (
            <li key={e.key} className="flex flex-wrap gap-x-3 px-3 py-1.5" data-testid="event">
              <time
                dateTime={new Date(e.at * 1000).toISOString()}
                className="w-36 tabular-nums text-slate-500"
              >
                {format.dateTime(new Date(e.at * 1000), 'dateTime')}
              </time>
              <span className={BAD.has(e.kind) ? 'font-medium text-red-800' : ''}>{text(e)}</span>
              {e.count > 1 && (
                <span className="rounded bg-slate-100 px-1.5 text-slate-700" data-testid="repeated">
                  {t('repeated', {
                    count: e.count,
                    time: format.dateTime(new Date(e.firstAt * 1000), 'dayTime'),
                  })}
                </span>
              )}
              {note(e) && <span className="text-slate-500">{note(e)}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
