import { describe, expect, it } from 'vitest';
import { excursions } from './temperature-band';
import type { Reading } from './temperature';

const base: Reading = {
  at: 0,
  cryTemUL: 10,
  cryTemDL: 6,
  heatTemUL: 60,
  heatTemDL: 50,
  leftRmTem: 21,
  rightRmTem: 11,
  leftRmRef: 0,
  rightRmRef: 1,
  leftRmHeat: 0,
  rightRmHeat: 0,
};

describe('room excursions for alerts', () => {
  it("reads seed 000's example: the right room cools to 6–10 and is at 11; the left is idle", () => {
    expect(excursions(base)).toEqual([
      { room: 'right', temperature: 11, mode: 'cooling', low: 6, high: 10 },
    ]);
  });
  it('allows the tolerance on either side', () => {
    expect(excursions(base, 1)).toEqual([]);
    expect(excursions({ ...base, rightRmTem: 4 }, 1)).toHaveLength(1);
  });
  it('checks a heating room against the heating band', () => {
    const heating = { ...base, leftRmHeat: 1, leftRmTem: 45, rightRmRef: 0 };
    expect(excursions(heating)).toEqual([
      { room: 'left', temperature: 45, mode: 'heating', low: 50, high: 60 },
    ]);
  });
  it('ignores a room without a reading', () => {
    expect(excursions({ ...base, rightRmTem: null })).toEqual([]);
  });
});
