import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bothEngines } from './ingest-test-support';
import { batch, clear, EDGES, load, NY, SH, tables, utc } from './rollups-test-support';
import { rebuildRollups as liteRebuild, type RollupCalendar } from '@/db/rollups';
import { dayAndMonthOf, periodStart } from '@/lib/sales/periods';
import { ensureRollups, localStart, rebuildRollups } from './rollups';

const e = bothEngines();
const calendarOf = (timeZone: string): RollupCalendar => ({
  timeZone,
  dayAndMonth: dayAndMonthOf(timeZone),
});

describe('sales rollups rebuilt (PostgreSQL parity)', () => {
  it('rebuilds the same rows as SQLite in New York, Shanghai and UTC', async () => {
    await clear(e);
    await load(e, batch());
    for (const tz of [NY, SH, 'UTC']) {
      liteRebuild(e.lite.$client, calendarOf(tz), 1000);
      await rebuildRollups(e.pg, calendarOf(tz), 1000);
      const t = await tables(e);
      expect(t.pg.rows).toEqual(t.lite.rows);
      expect(t.pg.goods).toEqual(t.lite.goods);
      expect(t.pg.rows.length).toBeGreaterThan(500);
      const state = (await e.pg.execute(sql`select * from rollup_state`)).rows;
      expect(state).toEqual(e.lite.$client.prepare('select * from rollup_state').all());
    }
  });

  it('cuts days in SQL exactly where the calendar does, around midnights and DST', async () => {
    /** Each time's local day and month start, as the rebuild computes them. */
    const inSql = async (tz: string, ts: readonly number[]) => {
      const l = sql`(to_timestamp(t) at time zone ${tz})`;
      const found = await e.pg.execute(sql`
        select t, ${localStart('day', l, tz)} as day, ${localStart('month', l, tz)} as month
        from unnest(${sql.param(ts)}::bigint[]) as u(t) order by t`);
      return found.rows as { t: number; day: number; month: number }[];
    };
    for (const tz of [NY, SH]) {
      const js = dayAndMonthOf(tz);
      for (const r of await inSql(tz, EDGES)) expect({ t: r.t, ...js(r.t) }).toEqual(r);
    }
    // Zones whose DST changes at midnight: a day that starts at 01:00 (Santiago, Beirut), and
    // a midnight that happens twice (Havana: the calendar takes the first). Every half hour of
    // the years around a change, against the calendar's periods.
    const halfHours = (from: string, days: number) =>
      Array.from({ length: days * 48 }, (_, i) => utc(from) + i * 1800);
    for (const [tz, from] of [
      ['America/Santiago', '2018-08-10T00:00:00Z'],
      ['Asia/Beirut', '2018-03-23T00:00:00Z'],
      ['America/Havana', '2018-11-02T00:00:00Z'],
      ['America/Havana', '2020-10-30T00:00:00Z'],
    ] as const) {
      const rows = await inSql(tz, halfHours(from, 5));
      const calendar = rows.map((r) => ({
        t: r.t,
        day: periodStart('day', r.t, tz),
        month: periodStart('month', r.t, tz),
      }));
      expect(rows).toEqual(calendar);
    }
    // New York's spring-forward day is 23 hours long, its next midnight at 04:00 UTC.
    expect(dayAndMonthOf(NY)(utc('2026-03-08T05:00:00Z')).day).toBe(utc('2026-03-08T05:00:00Z'));
    expect(dayAndMonthOf(NY)(utc('2026-03-09T04:00:00Z')).day).toBe(utc('2026-03-09T04:00:00Z'));
    // Shanghai: midnight is 16:00 UTC the day before.
    expect(dayAndMonthOf(SH)(utc('2026-01-31T16:00:00Z')).month).toBe(utc('2026-01-31T16:00:00Z'));
    // Havana's 2018-11-04 began at 00:00 daylight time (04:00 UTC), the first of two midnights.
    expect((await inSql('America/Havana', [utc('2018-11-04T05:30:00Z')]))[0]!.day).toBe(
      utc('2018-11-04T04:00:00Z'),
    );
  });

  it('builds once per time zone, once across processes', async () => {
    await clear(e);
    await load(e, batch());
    await e.pg.execute(sql`delete from rollup_state`);
    expect(await ensureRollups(e.pg, calendarOf(SH))).toBe(true);
    expect(await ensureRollups(e.pg, calendarOf(SH))).toBe(false);
    const both = await Promise.all([
      ensureRollups(e.pg, calendarOf(NY)),
      ensureRollups(e.pg, calendarOf(NY)),
    ]);
    expect(both.sort()).toEqual([false, true]);
    await e.pg.execute(sql`update rollup_state set bound = null`);
    expect(await ensureRollups(e.pg, calendarOf(NY))).toBe(false);
    const state = (await e.pg.execute(sql`select time_zone, bound from rollup_state`)).rows;
    liteRebuild(e.lite.$client, calendarOf(NY), 1000);
    expect(state).toEqual(
      e.lite.$client.prepare('select time_zone, bound from rollup_state').all(),
    );
    const t = await tables(e);
    expect(t.pg).toEqual(t.lite);
    // The largest measure: the busiest payment code's month gross, in fen.
    expect(state[0]).toMatchObject({ time_zone: NY });
    expect(Number(state[0]!.bound)).toBeGreaterThan(10_000);
  });
});
