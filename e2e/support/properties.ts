import { expect } from 'vitest';
import { decodeBody } from '@/lib/ingest/push/body';
import type { Step } from './mutations';
import type { Peek } from './peek';

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

/** The domain tables, by name, on either engine. */
export async function domainTables(db: Peek): Promise<string[]> {
  const names = await db.all<{ name: string }>(
    db.engine === 'postgres'
      ? // Drizzle keeps its migrations' table in its own schema there.
        `select table_name as name from information_schema.tables
         where table_schema = current_schema() and table_type = 'BASE TABLE'`
      : "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'",
  );
  return names
    .map((r) => r.name)
    .filter((t) => !NOT_DOMAIN.has(t))
    .sort();
}

/**
 * Every domain row, as text: equal before and after means nothing changed. Each table's rows
 * sorted as text, so that the order a table hands them out in (PostgreSQL's changes with
 * its storage) does not count.
 */
export async function domainSnapshot(db: Peek, tables: string[]): Promise<string> {
  const parts: string[] = [];
  for (const t of tables) {
    const where = t === 'cabinet_order_events' ? " where action <> 'unreadable'" : '';
    const rows = (await db.all(`select * from "${t}"${where}`)).map((r) => JSON.stringify(r));
    parts.push(`${t}:${JSON.stringify(rows.sort())}`);
  }
  return parts.join('\n');
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

export async function checkAnswer(
  db: Peek,
  tables: string[],
  step: Step,
  before: string,
  answer: Answer,
) {
  const text = decodeBody(step.body).text;
  const described = `${step.receiver} ${answer.status} ${JSON.stringify(answer.body)}\n${text.slice(0, 600)}`;
  expect(answer.status, described).toBeLessThan(500);
  const has = async (sql: string) => (await db.get<{ n: number }>(sql, text))!.n > 0;
  const inInbox = async (ok: boolean) =>
    has(`select count(*) n from inbox where body = ?${ok ? " and verification = 'ok'" : ''}`);
  const callback = step.receiver === 'callback';
  if (answer.status >= 400) {
    expect(await domainSnapshot(db, tables), `refused, yet changed: ${described}`).toBe(before);
    // A callback with a wrong token belongs to no order: there is nowhere to keep it (D62).
    if (callback && answer.status === 401) return;
    const kept = callback
      ? await has('select count(*) n from cabinet_order_events where body = ?')
      : await inInbox(false);
    expect(kept, `refused, not kept: ${described}`).toBe(true);
  }
  if (answer.body.result === 'SUCCESS') {
    // A callback we could not read is answered SUCCESS too, and kept as unreadable (D73).
    const kept = callback
      ? await has(
          `select count(*) n from cabinet_order_events where body = ? and kind = ${
            answer.body.unreadable ? "'system' and action = 'unreadable'" : "'callback'"
          }`,
        )
      : await inInbox(true);
    expect(kept, `acknowledged, not kept: ${described}`).toBe(true);
  }
  const failed = (
    await db.get<{ error: string | null }>(
      "select error from inbox where status = 'failed' limit 1",
    )
  )?.error;
  expect(failed, `a projection failed: ${described}`).toBeUndefined();
}
