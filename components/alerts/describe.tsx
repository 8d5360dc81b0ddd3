'use client';

import { useFormatter, useTranslations } from 'use-intl';
import { useDuration } from '@/components/machine/use-duration';
import type { AlertItem } from '@/lib/alerts/queries';

/**
 * The fields each kind's sentence in overview.json `detail.<kind>` needs: an alert whose
 * details lack one shows the kind's name without a sentence (never a half-filled one).
 */
const NEEDS: Record<string, string[]> = {
  offline: [],
  door: [],
  stale: [],
  temperature: ['cid', 'room', 'temperature', 'low', 'high', 'mode', 'peak'],
  fault: ['cid', 'pcode', 'ccode'],
  pickupThrottled: ['wrongCodes', 'refused'],
  soldOut: ['shelves'],
  underThreshold: ['shelves'],
  clockAhead: ['aheadBy'],
  salesBelowExpected: ['expected', 'actual', 'hours'],
};

const scalar = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';

/** An alert's kind and detail sentence, in the overview's words (one vocabulary for both pages). */
export function useAlertText() {
  const to = useTranslations('overview');
  const ta = useTranslations('alerts');
  const duration = useDuration();
  const format = useFormatter();

  const kindName = (kind: string) =>
    ta.has(`kind.${kind}`)
      ? ta(`kind.${kind}`)
      : to.has(`kind.${kind}`)
        ? to(`kind.${kind}`)
        : ta('kind.other');

  /** The overview's sentence for the details, plus the peak and minutes out of band if known. */
  const sentence = (a: Pick<AlertItem, 'kind' | 'details'>): string | null => {
    const d = a.details;
    const parts: string[] = [];
    const needs = NEEDS[a.kind];
    if (needs && needs.every((k) => scalar(d[k])) && to.has(`detail.${a.kind}`)) {
      const cid = String(d.cid ?? '');
      const values: Record<string, string | number> = {};
      for (const [k, v] of Object.entries(d)) if (scalar(v)) values[k] = v;
      if (a.kind === 'clockAhead') values.ahead = duration(Math.round(Number(d.aheadBy) / 60) * 60);
      if (a.kind === 'temperature' || a.kind === 'fault')
        values.container =
          cid === 'master' ? to('alerts.mainCabinet') : to('alerts.container', { cid });
      // The offline/door/stale sentences only repeat the kind's name.
      if (needs.length) parts.push(to(`detail.${a.kind}`, values));
    } else {
      if (typeof d.peak === 'number')
        parts.push(ta('facts.peak', { peak: format.number(d.peak, { maximumFractionDigits: 1 }) }));
    }
    if (typeof d.minutesOut === 'number')
      parts.push(ta('facts.minutesOut', { minutes: d.minutesOut }));
    return parts.length ? parts.join(' · ') : null;
  };

  /** "for 2 h 5 min" while open, "lasted …" once resolved. */
  const howLong = (a: Pick<AlertItem, 'startedAt' | 'resolvedAt'>, now: number) => {
    const end = a.resolvedAt ?? now;
    const d = duration(Math.max(60, Math.floor((end - a.startedAt) / 60) * 60));
    return a.resolvedAt === null ? ta('for', { duration: d }) : ta('lasted', { duration: d });
  };

  return { kindName, sentence, howLong };
}
