import { conditionKey, reportCondition } from '@/lib/alerts/conditions';
import { sendJson } from './auth';
import { withPeek } from './peek';
import type { RunningServer } from './server';

/** A condition that has lasted its kind's minimum duration, both ways (the thresholds' hysteresis, D85). */
export const AT_ONCE = { minS: 0, clearS: 0 };

type Report = Omit<Parameters<typeof reportCondition>[1], 'now'> & { now?: number };

/**
 * Tells the server's database that conditions hold (or ended), through the same call the
 * evaluator makes (lib/alerts/conditions.ts), so alert records exist to act on; answers the
 * ids of the alerts now unresolved for those conditions, in order.
 */
export async function reportConditions(
  server: Pick<RunningServer, 'databaseUrl'>,
  reports: Report[],
) {
  return await withPeek(server, async (p) => {
    const db = p.app();
    // At once both ways unless the report says otherwise: these stand in for conditions that
    // have lasted their kind's minimum duration (the thresholds' hysteresis, D85).
    for (const r of reports)
      await reportCondition(db, {
        rule: AT_ONCE,
        ...r,
        now: r.now ?? Math.floor(Date.now() / 1000),
      });
    const ids: number[] = [];
    for (const r of reports) {
      const row = await p.get<{ id: number }>(
        'select id from alerts where condition_key = ? order by id desc limit 1',
        conditionKey(r),
      );
      ids.push(row!.id);
    }
    return ids;
  });
}

/**
 * Makes a room out of its band an alert at its first reading (the default waits ten minutes,
 * D85), for tests whose readings are seconds apart.
 */
export async function temperatureAlertsAtOnce(server: Pick<RunningServer, 'admin'>) {
  const admin = server.admin!;
  const current = await sendJson<Record<string, unknown>>(
    admin,
    'GET',
    '/api/v1/settings/thresholds',
  );
  const kinds = (current.body.kinds as Record<string, unknown> | undefined) ?? {};
  const saved = await sendJson(admin, 'PUT', '/api/v1/settings/thresholds', {
    ...current.body,
    kinds: { ...kinds, temperature: { minutes: 0 } },
  });
  if (saved.status !== 200)
    throw new Error(`thresholds: ${saved.status} ${JSON.stringify(saved.body)}`);
}

/**
 * Asks `read` again until `done` holds of its answer (the evaluator raises alerts at its next
 * tick, a second at most), and answers the last one either way: the test's own expectation then
 * says what was wrong.
 */
export async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 15_000) {
  const until = Date.now() + ms;
  let v = await read();
  while (!done(v) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
    v = await read();
  }
  return v;
}
