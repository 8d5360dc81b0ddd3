import { describe, expect, it } from 'vitest';
import { fitMachine, poolSites, type FitTrade, type MachineHistory } from './fit';
import { WEEK_HOURS } from './week';

const H = 3600;
const D = 86_400;
const monday = Date.UTC(2026, 8, 6, 16) / 1000; // Monday 2026-09-07 00:00 Shanghai
const offset = 8 * H;

/** A shelf selling one unit every `every` seconds during [from, to), except when `empty(t)`. */
function sales(
  shelf: string,
  from: number,
  to: number,
  every: number,
  goodsId = 'g1',
  skip?: (t: number) => boolean,
) {
  const out: FitTrade[] = [];
  for (let t = from + every / 2; t < to; t += every)
    if (!skip?.(t)) out.push({ t, shelf, goodsId, units: 1 });
  return out;
}

describe('demand per shelf', () => {
  it('a shelf empty half the week is not slow', () => {
    const from = monday;
    const to = monday + 28 * D;
    // Both shelves sell 12 a day while stocked. Shelf B gets 42 units every Monday (its
    // refill), sold by Thursday noon: empty half the week.
    const a = sales('1|1', from, to, 2 * H);
    const b = sales('1|2', from, to, 2 * H, 'g2', (t) => (t - from) % (7 * D) >= 3.5 * D);
    const refills = [0, 1, 2, 3].map((k) => ({
      t: from + k * 7 * D - 1,
      shelves: [
        { shelf: '1|1', stock: 500 },
        { shelf: '1|2', stock: 42 },
      ],
    }));
    const h: MachineHistory = {
      from,
      to,
      offset,
      trades: [...a, ...b].sort((x, y) => x.t - y.t),
      refills,
      shelves: [
        { shelf: '1|1', goodsId: 'g1' },
        { shelf: '1|2', goodsId: 'g2' },
      ],
    };
    const fit = fitMachine(h);
    const [sa, sb] = fit.shelves;
    expect(sa!.unitsPerDay).toBeCloseTo(12, 0);
    // The naive rate would say 6 a day.
    expect(sb!.unitsPerDay).toBeGreaterThan(10.5);
    expect(sb!.exposureDays).toBeLessThan(16);
  });

  it('learns the hours a machine sells in', () => {
    const from = monday;
    const to = monday + 28 * D;
    // Sales only 08:00–18:00 local.
    const trades = sales('1|1', from, to, 30 * 60).filter((x) => {
      const hour = Math.floor(((x.t + offset) % D) / H);
      return hour >= 8 && hour < 18;
    });
    const fit = fitMachine({
      from,
      to,
      offset,
      trades,
      refills: [],
      shelves: [{ shelf: '1|1', goodsId: 'g1' }],
    });
    expect(fit.shape).toHaveLength(WEEK_HOURS);
    expect(fit.shape[3]!).toBeLessThan(0.3); // Monday 03:00
    expect(fit.shape[10]!).toBeGreaterThan(1.8); // Monday 10:00
    expect(fit.shelves[0]!.unitsPerDay).toBeCloseTo(20, 0);
  });

  it('a planogram change: the old goods sales are not the new goods demand', () => {
    const from = monday;
    const to = monday + 28 * D;
    const old = sales('1|1', from, from + 14 * D, H, 'old');
    const now = sales('1|1', from + 14 * D, to, 4 * H, 'new');
    const fit = fitMachine({
      from,
      to,
      offset,
      trades: [...old, ...now],
      refills: [],
      shelves: [{ shelf: '1|1', goodsId: 'new' }],
    });
    expect(fit.shelves[0]!.unitsPerDay).toBeCloseTo(6, 0);
    expect(fit.shelves[0]!.exposureDays).toBeCloseTo(14, 0);
  });

  it('a new shelf borrows its goods rate at the same site', () => {
    const from = monday;
    const to = monday + 28 * D;
    const seasoned = fitMachine({
      from,
      to,
      offset,
      trades: sales('1|1', from, to, 3 * H, 'cola'),
      refills: [],
      shelves: [{ shelf: '1|1', goodsId: 'cola' }],
    });
    const fresh = fitMachine({
      from,
      to,
      offset,
      trades: sales('1|1', to - D, to, 12 * H, 'cola'),
      refills: [],
      shelves: [{ shelf: '1|1', goodsId: 'cola' }],
    });
    // The fresh machine's cola was placed a day ago (a goods change shows it): fake it by a
    // trade of another goods just before.
    const placed = fitMachine({
      from,
      to,
      offset,
      trades: [
        { t: to - D - 60, shelf: '1|1', goodsId: 'tea', units: 1 },
        ...sales('1|1', to - D, to, 12 * H, 'cola'),
      ],
      refills: [],
      shelves: [{ shelf: '1|1', goodsId: 'cola' }],
    });
    expect(fresh.shelves[0]!.source).toBe('shelf');
    poolSites([
      { site: 's1', demand: seasoned },
      { site: 's1', demand: placed },
    ]);
    expect(placed.shelves[0]!.source).toBe('site');
    // 2 a day of its own over one day, pulled toward the site's 8 a day.
    expect(placed.shelves[0]!.unitsPerDay).toBeGreaterThan(5);
  });
});
