import type { KindRule } from './thresholds';

/** What the evaluator remembers of a condition between looks (the alert_conditions row). */
export interface Memory {
  /** When it was first seen holding in this run of it (for conditions without their own start). */
  firstSeenAt: number | null;
  /** When it was first seen clear while its alert is open. */
  clearSince: number | null;
}

export interface Look {
  holding: boolean;
  /** When the condition began, when the data says (an offline event, a first warm reading). */
  since?: number;
  now: number;
}

export type Action =
  { do: 'open'; startedAt: number } | { do: 'update' } | { do: 'resolve' } | { do: 'nothing' };

/**
 * One look at a condition (D85): raise only once it has held for the kind's minimum duration,
 * resolve only once it has been clear for the clear duration. Pure, so constructed sequences
 * test it. Returns the action and the memory to keep (null: forget it).
 */
export function decide(
  open: boolean,
  memory: Memory | null,
  look: Look,
  rule: Pick<KindRule, 'minS' | 'clearS'>,
): { action: Action; memory: Memory | null } {
  const { now } = look;
  if (look.holding) {
    if (open) return { action: { do: 'update' }, memory: null };
    const start = look.since ?? memory?.firstSeenAt ?? now;
    if (now - start >= rule.minS) return { action: { do: 'open', startedAt: start }, memory: null };
    // A condition with its own start needs no memory: its start is read again next time.
    return {
      action: { do: 'nothing' },
      memory: look.since === undefined ? { firstSeenAt: start, clearSince: null } : null,
    };
  }
  if (!open) return { action: { do: 'nothing' }, memory: null };
  const clearFrom = memory?.clearSince ?? now;
  if (now - clearFrom >= rule.clearS) return { action: { do: 'resolve' }, memory: null };
  return { action: { do: 'nothing' }, memory: { firstSeenAt: null, clearSince: clearFrom } };
}

export const sameMemory = (a: Memory | null, b: Memory | null) =>
  a === b ||
  (a !== null && b !== null && a.firstSeenAt === b.firstSeenAt && a.clearSince === b.clearSince);
