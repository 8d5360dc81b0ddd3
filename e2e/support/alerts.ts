import { desc, eq } from 'drizzle-orm';
import { openDb } from '@/db/client';
import { alerts } from '@/db/schema/alerts';
import { conditionKey, reportCondition } from '@/lib/alerts/conditions';
import type { RunningServer } from './server';

type Report = Omit<Parameters<typeof reportCondition>[1], 'now'> & { now?: number };

/**
 * Tells the server's database that conditions hold (or ended), through the same call the
 * evaluator makes (lib/alerts/conditions.ts), so alert records exist to act on; answers the
 * ids of the alerts now unresolved for those conditions, in order.
 */
export function reportConditions(server: Pick<RunningServer, 'databaseFile'>, reports: Report[]) {
  const db = openDb(server.databaseFile);
  try {
    // At once both ways unless the report says otherwise: these stand in for conditions that
    // have lasted their kind's minimum duration (the thresholds' hysteresis, D85).
    for (const r of reports)
      reportCondition(db, {
        rule: { minS: 0, clearS: 0 },
        ...r,
        now: r.now ?? Math.floor(Date.now() / 1000),
      });
    return reports.map(
      (r) =>
        db
          .select({ id: alerts.id })
          .from(alerts)
          .where(eq(alerts.conditionKey, conditionKey(r)))
          .orderBy(desc(alerts.id))
          .get()!.id,
    );
  } finally {
    db.$client.close();
  }
}
