import { describe, expect, it } from 'vitest';
import {
  priority,
  rankMachines,
  urgencyOf,
  worstUrgency,
  WEIGHTS,
  type PriorityInput,
} from './refill-priority';

const NOW = 1_760_000_000;
const H = 3600;
const D = 86_400;

const full = { soldOut: false, soldoutTime: null, estimated: 20, valve: 3 };
const machine = (assetId: string, over: Partial<PriorityInput> = {}): PriorityInput => ({
  assetId,
  shelves: [full, full, full],
  recentUnits: 0,
  lastRefillTime: NOW - 3 * H,
  online: true,
  offlineSince: null,
  ...over,
});

describe('priority', () => {
  it('is 0 with no reasons for a full, quiet, freshly refilled, online machine', () => {
    expect(priority(machine('A'), NOW)).toEqual({
      score: 0,
      reasons: [],
      soldOutShelves: 0,
      underValveShelves: 0,
      unitsPerDay: 0,
    });
  });

  it('scores sold-out shelves per shelf and per hour each has been empty, capped per shelf', () => {
    const p = priority(
      machine('A', {
        shelves: [
          { soldOut: true, soldoutTime: NOW - 5 * H, estimated: 0, valve: 3 },
          { soldOut: true, soldoutTime: NOW - 100 * H, estimated: 0, valve: 3 },
          { soldOut: true, soldoutTime: null, estimated: 0, valve: 3 },
          full,
        ],
      }),
      NOW,
    );
    expect(p.reasons).toEqual([
      {
        kind: 'soldOut',
        points: 3 * WEIGHTS.soldOutShelf + (5 + WEIGHTS.soldOutHoursCap) * WEIGHTS.soldOutHour,
        shelves: 3,
        hours: 100,
      },
    ]);
    expect(p.soldOutShelves).toBe(3);
  });

  it('counts shelves at or under valve (estimate 0 included) but not sold-out or unknown ones', () => {
    const p = priority(
      machine('A', {
        shelves: [
          { soldOut: false, soldoutTime: null, estimated: 3, valve: 3 },
          { soldOut: false, soldoutTime: null, estimated: 0, valve: 2 },
          { soldOut: false, soldoutTime: null, estimated: 4, valve: 3 },
          { soldOut: false, soldoutTime: null, estimated: null, valve: 3 },
          { soldOut: true, soldoutTime: NOW, estimated: 0, valve: 3 },
        ],
      }),
      NOW,
    );
    expect(p.underValveShelves).toBe(2);
    expect(p.reasons.find((r) => r.kind === 'underValve')).toEqual({
      kind: 'underValve',
      points: 2 * WEIGHTS.underValveShelf,
      shelves: 2,
    });
  });

  it('adds velocity in units per day, days since refill, no refill and offline', () => {
    const p = priority(
      machine('A', {
        recentUnits: 70,
        lastRefillTime: NOW - 4 * D - H,
        online: false,
        offlineSince: NOW - 2 * H,
      }),
      NOW,
    );
    expect(p.reasons).toEqual([
      { kind: 'offline', points: WEIGHTS.offline, hours: 2 },
      { kind: 'sinceRefill', points: 4 * WEIGHTS.day, days: 4 },
      { kind: 'velocity', points: 10, unitsPerDay: 10 },
    ]);
    expect(p.score).toBe(WEIGHTS.offline + 20 + 10);
    const never = priority(machine('B', { lastRefillTime: null, online: null }), NOW);
    expect(never.reasons).toEqual([{ kind: 'noRefill', points: WEIGHTS.daysCap * WEIGHTS.day }]);
  });

  it('caps days since refill and velocity', () => {
    const p = priority(machine('A', { lastRefillTime: NOW - 40 * D, recentUnits: 7000 }), NOW);
    expect(p.reasons).toEqual([
      { kind: 'velocity', points: WEIGHTS.unitsPerDayCap, unitsPerDay: 1000 },
      { kind: 'sinceRefill', points: WEIGHTS.daysCap * WEIGHTS.day, days: 40 },
    ]);
  });
});

describe('the forecast reason (D95)', () => {
  const selling = (at: number | null) => ({ ...full, predictedSoldOutAt: at });

  it('scores shelves predicted empty before the same time tomorrow, with the hours to the first', () => {
    const p = priority(
      machine('A', {
        shelves: [
          selling(NOW + 9 * H + 1800),
          selling(NOW + 20 * H),
          selling(NOW + 30 * H), // after tomorrow's visit: no points
          selling(null),
          // already sold out: counted as sold out, not again as selling out
          { soldOut: true, soldoutTime: NOW - H, estimated: 0, valve: 3, predictedSoldOutAt: NOW },
        ],
      }),
      NOW,
    );
    expect(p.reasons.find((r) => r.kind === 'sellsOut')).toEqual({
      kind: 'sellsOut',
      points: 2 * WEIGHTS.sellOutShelf,
      shelves: 2,
      hours: 9,
    });
    expect(WEIGHTS.sellOutShelf).toBeLessThan(WEIGHTS.soldOutShelf);
  });

  it('counts up to the chosen route day’s visit where one is given', () => {
    const m = machine('A', { shelves: [selling(NOW + 30 * H)] });
    expect(priority(m, NOW).reasons).toEqual([]);
    expect(priority(m, NOW, NOW + 48 * H).reasons).toEqual([
      { kind: 'sellsOut', points: WEIGHTS.sellOutShelf, shelves: 1, hours: 30 },
    ]);
  });

  it('ranks a machine about to sell out above one that only sells fast', () => {
    const ranked = rankMachines(
      [
        machine('FAST', { recentUnits: 7 * 50 }),
        machine('EMPTYING', { shelves: [selling(NOW + 3 * H), full] }),
      ],
      NOW,
    );
    expect(ranked.map((m) => m.assetId)).toEqual(['EMPTYING', 'FAST']);
  });
});

describe('rankMachines', () => {
  it('puts a machine with sold-out shelves before busy, stale, offline ones, with its reason first', () => {
    const ranked = rankMachines(
      [
        machine('BUSY', { recentUnits: 300 }),
        machine('STALE', { lastRefillTime: NOW - 9 * D }),
        machine('OFF', { online: false, offlineSince: NOW - H }),
        machine('EMPTY', {
          shelves: [{ soldOut: true, soldoutTime: NOW - 2 * H, estimated: 0, valve: 3 }, full],
        }),
        machine('LOW', {
          shelves: [{ soldOut: false, soldoutTime: null, estimated: 1, valve: 3 }],
        }),
        machine('QUIET'),
      ],
      NOW,
    );
    expect(ranked.map((m) => [m.rank, m.assetId])).toEqual([
      [1, 'EMPTY'],
      [2, 'OFF'],
      [3, 'STALE'],
      [4, 'BUSY'],
      [5, 'LOW'],
      [6, 'QUIET'],
    ]);
    expect(ranked[0]!.reasons[0]).toMatchObject({ kind: 'soldOut', shelves: 1, hours: 2 });
    expect(ranked[5]!.reasons).toEqual([]);
  });

  it('breaks ties by sold-out shelves, then shelves under threshold, then asset id', () => {
    const sold = { soldOut: true, soldoutTime: NOW, estimated: 0, valve: 3 };
    const low = { soldOut: false, soldoutTime: null, estimated: 1, valve: 3 };
    const ranked = rankMachines(
      [
        // 100 points each, reached differently.
        machine('Z-SOLD', { shelves: [sold] }),
        machine('A-QUIET', { shelves: [full], recentUnits: 700 }),
        machine('M-LOW', { shelves: [low], recentUnits: 420 }),
        machine('B-SOLD', { shelves: [sold] }),
      ],
      NOW,
    );
    expect(ranked.map((m) => m.score)).toEqual([100, 100, 100, 100]);
    expect(ranked.map((m) => m.assetId)).toEqual(['B-SOLD', 'Z-SOLD', 'M-LOW', 'A-QUIET']);
  });

  it('keeps the caller’s fields on each ranked machine', () => {
    const [m] = rankMachines([{ ...machine('A'), siteName: '国贸' }], NOW);
    expect(m).toMatchObject({ rank: 1, assetId: 'A', siteName: '国贸', score: 0 });
  });
});

describe('urgencyOf and worstUrgency', () => {
  it('colours sold out, then low, then unknown stock, then ok', () => {
    expect(urgencyOf({ soldOutShelves: 1, underValveShelves: 2, knownShelves: 3 })).toBe('soldOut');
    expect(urgencyOf({ soldOutShelves: 0, underValveShelves: 2, knownShelves: 3 })).toBe('low');
    expect(urgencyOf({ soldOutShelves: 0, underValveShelves: 0, knownShelves: 0 })).toBe('unknown');
    expect(urgencyOf({ soldOutShelves: 0, underValveShelves: 0, knownShelves: 3 })).toBe('ok');
    expect(worstUrgency(['ok', 'unknown', 'low'])).toBe('low');
    expect(worstUrgency(['ok', 'soldOut'])).toBe('soldOut');
    expect(worstUrgency([])).toBe('unknown');
  });
});
