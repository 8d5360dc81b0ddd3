import { openSqliteReadonly, wrap } from '@/db/client';
import { lineDetail, linesOverview, sitesOverview } from '@/lib/planning/plans';
const db = wrap(openSqliteReadonly(process.env.DB ?? '/work/scale/lead.db'));
const now = Math.floor(Date.now() / 1000);
const time = (name: string, f: () => unknown, n = 7) => {
  f();
  const ms: number[] = [];
  for (let i = 0; i < n; i++) { const t = performance.now(); f(); ms.push(performance.now() - t); }
  ms.sort((a, b) => a - b);
  console.log(name, 'median', ms[Math.floor(n / 2)]!.toFixed(1), 'ms', 'min', ms[0]!.toFixed(1));
};
time('linesOverview', () => linesOverview(db, now));
time('lineDetail(2)', () => lineDetail(db, 2, now));
time('sitesOverview', () => sitesOverview(db, now), 5);
