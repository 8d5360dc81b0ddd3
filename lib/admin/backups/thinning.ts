import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

export interface KeepRule {
  /** The newest N snapshots, whatever their age. */
  last: number;
  /** The newest snapshot of each of the last D days that have one. */
  daily: number;
  /** The newest snapshot of each of the last W ISO weeks that have one. */
  weekly: number;
  /** Days and weeks begin at midnight in this zone (the fleet's). */
  timeZone: string;
}

/**
 * Which snapshots to keep (D91), restic's `--keep-last/--keep-daily/--keep-weekly` rule: the
 * periods counted are those that HAVE a snapshot, newest first, so a schedule that stops (a
 * full disk, a failing copy) never thins away the history it leaves behind. A snapshot kept by
 * any rule is kept. `snapshots` is in any order; returns the ids to keep.
 */
export function snapshotsToKeep(
  snapshots: readonly { id: number; startedAt: number }[],
  rule: KeepRule,
): Set<number> {
  const newestFirst = [...snapshots].sort((a, b) => b.startedAt - a.startedAt || b.id - a.id);
  const keep = new Set(newestFirst.slice(0, rule.last).map((s) => s.id));
  const byPeriod = (pattern: string, count: number) => {
    const seen = new Set<string>();
    for (const s of newestFirst) {
      if (seen.size >= count) break;
      const period = format(new TZDate(s.startedAt * 1000, rule.timeZone), pattern);
      if (seen.has(period)) continue;
      seen.add(period);
      keep.add(s.id);
    }
  };
  byPeriod('yyyy-MM-dd', rule.daily);
  byPeriod("RRRR-'W'II", rule.weekly);
  return keep;
}
