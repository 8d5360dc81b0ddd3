import { parseArgs } from 'node:util';
import { generateFleet } from '@/simulator/fleet';
import { SUBSTITUTE } from '@/simulator/engine';
import { closedLoop, STOP_MINUTES } from './forecast/closed-loop';
import { heldOutMonth, MORNING_HOUR } from './forecast/held-out';
import type { Score } from './forecast/score';
import { loadavg } from './support';

/**
 * `npm run bench:forecast [-- --seed 7 --machines 240 --days 90 --fit-days 60 --sim-days 30
 *   --stops 3,2 --par-days 21,30]`
 *
 * The forecast measured against what the twin really did (issue 21, item 5; D94), in-process:
 * 1. Held-out month: the twin's history of `--days` on its lines' schedule; the forecast is
 *    fitted on the first `--fit-days` and predicts each stocked shelf's sold-out time after
 *    every refill visit and at 06:00 every day of the rest, beside the naive baseline (stock ÷
 *    average daily sales). Mean absolute error in hours; target: forecast/baseline ≤ 0.75.
 * 2. Closed loop: after `--fit-days` of the schedule, `--sim-days` more with one van per line
 *    making at most `--stops` visits a day (each of a comma-separated list), planned (a) by
 *    today's refill priority, filling to capacity, (b) by the forecast, loading `--par-days` of
 *    predicted sales. Same customers in both. Target: lost units (b)/(a) ≤ 0.7, no more stops.
 */
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '7' },
    machines: { type: 'string', default: '240' },
    days: { type: 'string', default: '90' },
    'fit-days': { type: 'string', default: '60' },
    'sim-days': { type: 'string', default: '30' },
    stops: { type: 'string', default: '3,2' },
    'par-days': { type: 'string', default: '21,30' },
  },
});
const whole = (name: keyof typeof values, min: number) => {
  const v = Number(values[name]);
  if (!Number.isInteger(v) || v < min) throw new Error(`--${name} must be a whole number ≥ ${min}`);
  return v;
};
const SEED = whole('seed', 0);
const MACHINES = whole('machines', 1);
const DAYS = whole('days', 2);
const FIT_DAYS = whole('fit-days', 1);
const SIM_DAYS = whole('sim-days', 1);
const list = (name: 'stops' | 'par-days') =>
  values[name].split(',').map((x) => {
    const v = Number(x);
    if (!Number.isInteger(v) || v < 1)
      throw new Error(`--${name} must be whole numbers ≥ 1, comma-separated`);
    return v;
  });
const STOPS = list('stops');
const PAR_DAYS = list('par-days');
if (FIT_DAYS >= DAYS) throw new Error('--fit-days must be fewer than --days');

/** A Monday, local midnight (2025-09-01 00:00 +08:00): fixed, so a seed gives the same figures. */
const START = 1_756_656_000;
const fleet = generateFleet({ seed: SEED, machines: MACHINES });
console.log(
  `forecast bench: seed ${SEED}, ${MACHINES} machines on ${fleet.lines.length} lines; ` +
    `substitution ${SUBSTITUTE * 100} %; load ${loadavg()}`,
);

const began = performance.now();
const held = heldOutMonth({ fleet, start: START, fitDays: FIT_DAYS, days: DAYS });
const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const pctOf = (x: number) => `${(x * 100).toFixed(0)} %`;
const row = (name: string, s: Score) => ({
  predictions: name,
  n: s.predictions,
  'forecast MAE h': f1(s.forecastMae),
  'baseline MAE h': f1(s.naiveMae),
  'forecast/baseline': f2(s.ratio),
  'in 80 % band': pctOf(s.inBand),
  'none foreseen (f/b)': `${s.forecastNone}/${s.naiveNone}`,
});
console.log(
  `\n1. Held-out: fit on days 1–${FIT_DAYS}, predict days ${FIT_DAYS + 1}–${DAYS} ` +
    `(after each refill visit and at ${String(MORNING_HOUR).padStart(2, '0')}:00 daily); ` +
    `target forecast/baseline ≤ 0.75`,
);
console.table([
  row('after refill', held.atRefill),
  row(`at 0${MORNING_HOUR}:00`, held.atMorning),
  row('all', held.all),
]);

const summary: string[] = [];
for (const stops of STOPS) {
  const loop = (parDays: number) => ({
    fleet,
    start: START,
    warmDays: FIT_DAYS,
    days: SIM_DAYS,
    stops,
    parDays,
    demand: held.demand,
    fitDays: FIT_DAYS,
  });
  const a = closedLoop('priority', loop(1));
  const bs = PAR_DAYS.map((par) => ({ par, b: closedLoop('forecast', loop(par)) }));
  console.log(
    `\n2. Closed loop, ${stops} stops: ${SIM_DAYS} days after ${FIT_DAYS} days of the lines' ` +
      `schedule; one van a line, ≤ ${stops} stops a day from its refill hour, ${STOP_MINUTES} min ` +
      `apart; (b) refits nightly at 06:00`,
  );
  console.table(
    [{ r: a, par: 0 }, ...bs.map(({ par, b }) => ({ r: b, par }))].map(({ r, par }) => ({
      policy: r.policy === 'priority' ? '(a) priority, fill' : `(b) forecast, par ${par} d`,
      'sold-out shelf-hours': Math.round(r.soldOutShelfHours),
      'lost units': r.lostUnits,
      'lost drinks/spiral/locker': `${r.lostByKind.drinks}/${r.lostByKind.spiral}/${r.lostByKind.locker}`,
      'units carried': r.unitsCarried,
      stops: r.stops,
      'must stops': r.policy === 'forecast' ? r.mustStops : '',
      s: f1(r.seconds),
    })),
  );
  for (const { par, b } of bs) {
    const line =
      `${stops} stops, par ${par} d: lost units (b)/(a) ${f2(b.lostUnits / a.lostUnits)} ` +
      `(target ≤ 0.70), stops (b)/(a) ${f2(b.stops / a.stops)} (target ≤ 1), ` +
      `units carried (b)/(a) ${f2(b.unitsCarried / a.unitsCarried)}`;
    console.log(line);
    summary.push(line);
  }
}
console.log(`\nheld-out forecast/baseline ${f2(held.all.ratio)} (target ≤ 0.75)`);
for (const line of summary) console.log(line);
console.log(`${f1((performance.now() - began) / 1000)} s in all; load ${loadavg()}`);
