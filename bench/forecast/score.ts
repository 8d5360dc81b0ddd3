/** The held-out month's arithmetic, pure (bench/forecast/score.test.ts). */
export interface Scored {
  /** When the prediction was made, the truth (the shelf's next sold-out time), epoch seconds. */
  now: number;
  truth: number;
  /** The forecast's median and 80 % band; null: no sell-out within its horizon. */
  forecast: { at: number; early: number; late: number } | null;
  /** stock ÷ average daily sales; null: no sales to divide by. */
  naive: number | null;
}

export interface Score {
  predictions: number;
  /** Mean absolute error in hours. */
  forecastMae: number;
  naiveMae: number;
  /** forecast ÷ naive (target ≤ 0.75). */
  ratio: number;
  /** Share of the truths inside the forecast's 80 % band. */
  inBand: number;
  /** Predictions that said "not within the horizon" (counted at the horizon's end). */
  forecastNone: number;
  naiveNone: number;
}

/**
 * Both methods on the same predictions. A method that foresees no sell-out is counted as
 * predicting the horizon's end (`now + horizon`): it was wrong, and by about that much.
 */
export function score(rows: readonly Scored[], horizon: number): Score {
  let f = 0;
  let nv = 0;
  let inBand = 0;
  let forecastNone = 0;
  let naiveNone = 0;
  for (const r of rows) {
    const at = r.forecast?.at ?? r.now + horizon;
    const naive = r.naive ?? r.now + horizon;
    if (!r.forecast) forecastNone++;
    if (r.naive === null) naiveNone++;
    f += Math.abs(at - r.truth);
    nv += Math.abs(naive - r.truth);
    if (r.forecast && r.forecast.early <= r.truth && r.truth <= r.forecast.late) inBand++;
  }
  const n = rows.length;
  const hours = (s: number) => (n ? s / n / 3600 : NaN);
  return {
    predictions: n,
    forecastMae: hours(f),
    naiveMae: hours(nv),
    ratio: nv > 0 ? f / nv : NaN,
    inBand: n ? inBand / n : NaN,
    forecastNone,
    naiveNone,
  };
}
