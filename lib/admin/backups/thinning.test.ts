import { describe, expect, it } from 'vitest';
import { snapshotsToKeep, type KeepRule } from './thinning';

const DAY = 86_400;
// Monday 2026-03-02 00:00 in Shanghai (UTC+8).
const MONDAY = Date.UTC(2026, 2, 1, 16) / 1000;
const rule: KeepRule = { last: 3, daily: 7, weekly: 4, timeZone: 'Asia/Shanghai' };

/** A snapshot every `everyH` hours for `days` days, ending at `end`; ids count up with time. */
function series(end: number, days: number, everyH: number) {
  const out: { id: number; startedAt: number }[] = [];
  for (let t = end - days * DAY, id = 1; t <= end; t += everyH * 3600, id++)
    out.push({ id, startedAt: t });
  return out;
}

describe('snapshotsToKeep', () => {
  it('keeps the newest N, the newest of each of 7 days and of each of 4 ISO weeks', () => {
    // 6-hourly snapshots (00, 06, 12, 18 local) for 40 days, up to a Wednesday 12:00 local.
    const end = MONDAY + (5 * 7 + 2) * DAY + 12 * 3600;
    const all = series(end, 40, 6);
    const keep = snapshotsToKeep(all, rule);
    const local = (t: number) => new Date((t + 8 * 3600) * 1000).toISOString().slice(0, 13);
    const kept = all.filter((s) => keep.has(s.id)).map((s) => local(s.startedAt));
    expect(kept).toEqual([
      '2026-03-22T18', // Sunday, three weeks back: the last of its week
      '2026-03-29T18', // Sunday, two weeks back
      '2026-04-02T18', // Thursday … Tuesday: the last of each of the 6 days before today
      '2026-04-03T18', // (Sunday 04-05 is also the last of last week)
      '2026-04-04T18',
      '2026-04-05T18',
      '2026-04-06T18',
      '2026-04-07T18',
      '2026-04-08T00', // the 3 newest (12:00 is also today's and this week's newest)
      '2026-04-08T06',
      '2026-04-08T12',
    ]);
  });

  it('counts only periods that have a snapshot, so a stopped schedule keeps its history', () => {
    // Ten daily snapshots, then nothing for 60 days: the old ones are still the ones kept.
    const all = series(MONDAY, 9, 24);
    const kept = snapshotsToKeep(all, { ...rule, last: 1, weekly: 0 });
    expect([...kept].sort((a, b) => a - b)).toEqual([4, 5, 6, 7, 8, 9, 10]);
  });

  it('keeps days in the fleet time zone, not UTC', () => {
    // 23:30 and 00:30 local on consecutive days are 15:30 and 16:30 UTC on the same UTC day.
    const a = { id: 1, startedAt: MONDAY - 1800 };
    const b = { id: 2, startedAt: MONDAY + 1800 };
    const only = { last: 0, daily: 2, weekly: 0, timeZone: 'Asia/Shanghai' };
    expect(snapshotsToKeep([a, b], only)).toEqual(new Set([1, 2]));
    expect(snapshotsToKeep([a, b], { ...only, timeZone: 'UTC' })).toEqual(new Set([2]));
  });

  it('keeps everything while there are fewer snapshots than N', () => {
    const all = series(MONDAY, 1, 12);
    expect(snapshotsToKeep(all, { ...rule, daily: 0, weekly: 0 }).size).toBe(3);
  });
});
