import { describe, expect, it } from 'vitest';
import { buildTimeline, durationParts, foldTimeline, type EventInput } from './timeline';

let id = 0;
const ev = (at: number, kind: string, toValue: string | null, o: Partial<EventInput> = {}) => ({
  id: ++id,
  at,
  kind,
  fromValue: null,
  toValue,
  cid: null,
  detail: null,
  ...o,
});

describe('buildTimeline', () => {
  it('lists transitions newest first, with how long the state they end lasted', () => {
    const t = buildTimeline(
      [
        ev(100, 'door', '0'),
        ev(160, 'door', '1'),
        ev(200, 'online', '1'),
        ev(500, 'online', '0'),
        ev(600, 'online', '0'),
      ],
      [],
      1000,
    );
    expect(t.map((e) => [e.at, e.kind, e.durationSeconds])).toEqual([
      [600, 'online', null],
      [500, 'online', 300],
      [200, 'offline', null],
      [160, 'door_closed', 60],
      [100, 'door_open', null],
    ]);
  });

  it('gives faults their duration, ongoing ones up to now, and skips fault events', () => {
    const t = buildTimeline(
      [ev(100, 'fault_raised', 'E1', { detail: 'jam' })],
      [
        { cid: 'c1', pcode: 'E1', ccode: 'jam', raisedAt: 100, clearedAt: 400 },
        { cid: 'c1', pcode: 'E2', ccode: 'hot', raisedAt: 700, clearedAt: null },
      ],
      1000,
    );
    expect(t.map((e) => [e.at, e.kind, e.pcode, e.durationSeconds, e.ongoing])).toEqual([
      [700, 'fault_raised', 'E2', 300, true],
      [400, 'fault_cleared', 'E1', 300, false],
      [100, 'fault_raised', 'E1', 300, false],
    ]);
  });

  it('pairs a shelf’s restock with its own sold-out, not another shelf’s', () => {
    const t = buildTimeline(
      [
        ev(10, 'sold_out', '1', { cid: 'A', detail: '1' }),
        ev(20, 'sold_out', '1', { cid: 'A', detail: '2' }),
        ev(50, 'restocked', '0', { cid: 'A', detail: '1' }),
      ],
      [],
      100,
    );
    expect(t[0]).toMatchObject({ kind: 'restocked', detail: '1', durationSeconds: 40 });
  });

  it('ignores codes it does not know and puts an ending above its start in the same second', () => {
    const t = buildTimeline([ev(5, 'door', '0'), ev(5, 'door', '1'), ev(6, 'door', '7')], [], 9);
    expect(t.map((e) => e.kind)).toEqual(['door_closed', 'door_open']);
  });
});

describe('durationParts', () => {
  it('keeps the two largest units', () => {
    expect(durationParts(42)).toEqual({ unit: 's', s: 42 });
    expect(durationParts(125)).toEqual({ unit: 'ms', m: 2, s: 5 });
    expect(durationParts(2 * 3600 + 5 * 60 + 9)).toEqual({ unit: 'hm', h: 2, m: 5 });
    expect(durationParts(3 * 86_400 + 4 * 3600 + 1)).toEqual({ unit: 'dh', d: 3, h: 4 });
  });
});

describe('foldTimeline', () => {
  it('folds entries in a row that say the same thing into one, with a count and their span', () => {
    const t = foldTimeline(
      buildTimeline(
        [
          ev(10, 'sold_out', '1', { cid: 'A', detail: '1' }),
          ev(20, 'sold_out', '1', { cid: 'A', detail: '2' }),
          ev(30, 'sold_out', '1', { cid: 'A', detail: '3' }),
          ev(40, 'sold_out', '1', { cid: 'B', detail: '1' }),
          ev(50, 'door', '0'),
          ev(60, 'door', '1'),
          ev(70, 'sold_out', '1', { cid: 'A', detail: '4' }),
        ],
        [],
        100,
      ),
    );
    expect(t.map((e) => [e.kind, e.cid, e.shelves, e.count, e.at, e.firstAt])).toEqual([
      ['sold_out', 'A', ['4'], 1, 70, 70],
      ['door_closed', null, [], 1, 60, 60],
      ['door_open', null, [], 1, 50, 50],
      ['sold_out', 'B', ['1'], 1, 40, 40],
      ['sold_out', 'A', ['3', '2', '1'], 3, 30, 10],
    ]);
  });

  it('folds faults only when they are the same fault', () => {
    const t = foldTimeline(
      buildTimeline(
        [],
        [
          { cid: 'A', pcode: 'P1', ccode: 'c', raisedAt: 10, clearedAt: null },
          { cid: 'A', pcode: 'P1', ccode: 'c', raisedAt: 20, clearedAt: null },
          { cid: 'A', pcode: 'P2', ccode: 'c', raisedAt: 30, clearedAt: null },
        ],
        100,
      ),
    );
    expect(t.map((e) => [e.pcode, e.count])).toEqual([
      ['P2', 1],
      ['P1', 2],
    ]);
  });
});
