import { parseArgs } from 'node:util';
import { closeDb, startDb } from '@/lib/db';
import { getConfig } from '@/lib/config';
import { bulkLoad } from './bulk-load';

/**
 * `npm run seed:scale -- --machines 5000 --days 365 [--seed 1] [--lines N]`
 * Writes a large twin fleet and its history into DATABASE_URL for benchmarks.
 */
const { values } = parseArgs({
  options: {
    machines: { type: 'string', default: '5000' },
    days: { type: 'string', default: '365' },
    seed: { type: 'string', default: '1' },
    lines: { type: 'string' },
  },
});
const num = (name: string, v: string | undefined) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) {
    console.error(`--${name} must be a positive whole number, not ${JSON.stringify(v)}`);
    process.exit(2);
  }
  return n;
};

const db = await startDb();
const started = performance.now();
const result = await bulkLoad(db, {
  seed: num('seed', values.seed),
  machines: num('machines', values.machines),
  lines: values.lines ? num('lines', values.lines) : undefined,
  days: num('days', values.days),
  finalStatusOnly: true,
  clientId: getConfig().SMARTVENDING_CLIENT_ID ?? 'demo-client',
  onDay: ({ day, days, trades }) => {
    if (day % 10 === 0 || day === days) {
      const s = (performance.now() - started) / 1000;
      process.stdout.write(
        `\rday ${day}/${days}: ${trades.toLocaleString('en')} trades, ${s.toFixed(0)} s, ${Math.round(trades / s).toLocaleString('en')} trades/s`,
      );
    }
  },
});
const seconds = (performance.now() - started) / 1000;
console.log(
  `\nseeded ${result.machines} machines, ${result.trades.toLocaleString('en')} trades in ${seconds.toFixed(1)} s into ${getConfig().DATABASE_URL}`,
);
await closeDb();
