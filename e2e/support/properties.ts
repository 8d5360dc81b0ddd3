import type Database from 'better-sqlite3';
import { expect } from 'vitest';
import { decodeBody } from '@/lib/ingest/push/body';
import type { Step } from './mutations';

/**
 * What every receiver must hold whatever it is sent (issue 16), checked on the database
 * itself: no 5xx; a refused message changes no domain table and is kept (the inbox); a cabinet
 * callback with its token is never refused: what cannot be read is acknowledged and kept as the
 * order's `unreadable` event (D73); every acknowledged one is kept; a message that passes
 * validation is projected, never kept as failed.
 */

/**
 * Where refusals are kept, what only records them, and what background work writes on its own
 * clock (leases renewed, alerts raised a tick after an earlier accepted message, their
 * notifications, snapshots): left out of the comparison.
 */
const NOT_DOMAIN = new Set([
  'inbox',
  'pickup_check_failures',
  '__drizzle_migrations',
  'leases',
  'alerts',
  'alert_events',
  'alert_conditions',
  'notification_deliveries',
  'notification_attempts',
  'backups',
  // Derived from the trades by the forecast's fit, on its own schedule (D93).
  'machine_demand',
  'shelf_demand',
  'demand_fits',
]);

export function domainTables(sqlite: Database.Database): string[] {
  return (
    sqlite
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
      .pluck()
      .all() as string[]
  ).filter((t) => !NOT_DOMAIN.has(t));
}

/** Every domain row, as text: equal before and after means nothing changed. */
export function domainSnapshot(sqlite: Database.Database, tables: string[]): string {
  return tables
    .map((t) => {
      const where = t === 'cabinet_order_events' ? " where action <> 'unreadable'" : '';
      return `${t}:${JSON.stringify(sqlite.prepare(`select * from "${t}"${where}`).raw().all())}`;
    })
    .join('\n');
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

export function checkAnswer(
  sqlite: Database.Database,
  tables: string[],
  step: Step,
  before: string,
  answer: Answer,
) {
  const text = decodeBody(step.body).text;
  const described = `${step.receiver} ${answer.status} ${JSON.stringify(answer.body)}\n${text.slice(0, 600)}`;
  expect(answer.status, described).toBeLessThan(500);
  const has = (sql: string) => (sqlite.prepare(sql).get(text) as { n: number }).n > 0;
  const inInbox = (ok: boolean) =>
    has(`select count(*) n from inbox where body = ?${ok ? " and verification = 'ok'" : ''}`);
  const callback = step.receiver === 'callback';
  if (answer.status >= 400) {
    expect(domainSnapshot(sqlite, tables), `refused, yet changed: ${described}`).toBe(before);
    // A callback with a wrong token belongs to no order: there is nowhere to keep it (D62).
    if (callback && answer.status === 401) return;
    const kept = callback
      ? has('select count(*) n from cabinet_order_events where body = ?')
      : inInbox(false);
    expect(kept, `refused, not kept: ${described}`).toBe(true);
  }
  if (answer.body.result === 'SUCCESS') {
    // A callback we could not read is answered SUCCESS too, and kept as unreadable (D73).
    const kept = callback
      ? has(
          `select count(*) n from cabinet_order_events where body = ? and kind = ${
            answer.body.unreadable ? "'system' and action = 'unreadable'" : "'callback'"
          }`,
        )
      : inInbox(true);
    expect(kept, `acknowledged, not kept: ${described}`).toBe(true);
  }
  const failed = sqlite
    .prepare("select error from inbox where status = 'failed' limit 1")
    .pluck()
    .get() as string | undefined;
  expect(failed, `a projection failed: ${described}`).toBeUndefined();
}
