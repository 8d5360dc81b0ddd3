import { describe, expect, it } from 'vitest';
import { excursionRun, excursions } from './temperature-band';
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

describe('how long a room has been out of band', () => {
  // Newest first, as the alert reads them back from the latest reading.
  const at = (t: number, right: number | null) => ({ ...base, at: t, rightRmTem: right });
  it('starts at the first reading out of band after the last one in band, with its peak', () => {
    const run = excursionRun([at(50, 11), at(40, 14), at(30, 12), at(20, 9), at(10, 15)], 'right');
    expect(run).toEqual({ since: 30, peak: 14, atLeast: false });
  });
  it('ends the run at a reading without a value: no reading is not an excursion', () => {
    expect(excursionRun([at(50, 11), at(40, null), at(30, 12)], 'right')).toMatchObject({
      since: 50,
    });
  });
  it('takes the peak on the side it left the band, and says when every reading was out', () => {
    const cold = excursionRun([at(50, 5), at(40, 2), at(30, 4)], 'right');
    expect(cold).toEqual({ since: 30, peak: 2, atLeast: true });
  });
  it('is nothing when the latest reading is in band', () => {
    expect(excursionRun([at(50, 8), at(40, 14)], 'right')).toBeNull();
  });
});
