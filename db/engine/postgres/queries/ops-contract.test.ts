import { describe, expect, it } from 'vitest';
import * as l1 from '@/db/queries/auth';
import * as l2 from '@/db/queries/audit';
import * as l3 from '@/db/queries/settings';
import * as l4 from '@/db/queries/leases';
import * as l5 from '@/db/queries/ops';
import * as l6 from '@/db/queries/backups';
import * as l7 from '@/db/queries/deliveries';
import * as l8 from '@/db/queries/notification-channels';
import * as l9 from '@/db/queries/notification-rules';
import * as l10 from '@/db/queries/report-schedules';
import * as l11 from '@/db/queries/alert-sources';
import * as p1 from './auth';
import * as p2 from './audit';
import * as p3 from './settings';
import * as p4 from './leases';
import * as p5 from './ops';
import * as p6 from './backups';
import * as p7 from './deliveries';
import * as p8 from './notification-channels';
import * as p9 from './notification-rules';
import * as p10 from './report-schedules';
import * as p11 from './alert-sources';
import type { Mismatches } from './ops-parity-support';

// Compile-time: every function's parameters after the database and its awaited result are the
// SQLite function's types. The one exception, by design: ops' withBusyTimeout gives `fn` the
// transaction its timeouts are set on.
type Keeps<L, P, Except = never> = [Exclude<Mismatches<L, P>, Except>] extends [never]
  ? true
  : Exclude<Mismatches<L, P>, Except>;
const keeps: true[] = [
  true satisfies Keeps<typeof l1, typeof p1>,
  true satisfies Keeps<typeof l2, typeof p2>,
  true satisfies Keeps<typeof l3, typeof p3>,
  true satisfies Keeps<typeof l4, typeof p4>,
  true satisfies Keeps<typeof l5, typeof p5, 'withBusyTimeout'>,
  true satisfies Keeps<typeof l6, typeof p6>,
  true satisfies Keeps<typeof l7, typeof p7>,
  true satisfies Keeps<typeof l8, typeof p8>,
  true satisfies Keeps<typeof l9, typeof p9>,
  true satisfies Keeps<typeof l10, typeof p10>,
  true satisfies Keeps<typeof l11, typeof p11>,
];

const functions = (m: object) =>
  Object.entries(m)
    .filter(([, v]) => typeof v === 'function')
    .map(([k]) => k)
    .sort();

describe('the PostgreSQL modules keep the SQLite modules’ contract', () => {
  it('export a function of the same name for each of SQLite’s', () => {
    const pairs: [object, object][] = [
      [l1, p1],
      [l2, p2],
      [l3, p3],
      [l4, p4],
      [l5, p5],
      [l6, p6],
      [l7, p7],
      [l8, p8],
      [l9, p9],
      [l10, p10],
      [l11, p11],
    ];
    for (const [l, p] of pairs) expect(functions(p)).toEqual(functions(l));
    expect(keeps).toHaveLength(11);
  });
});
