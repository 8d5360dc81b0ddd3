import { expect } from 'vitest';
import { sendJson, type Session } from './auth';
import { getJson } from './push';
import type { RunningServer } from './server';

export interface RunBody {
  runId: number;
  job: string;
  state: 'queued' | 'running' | 'succeeded' | 'failed';
  imported: number;
  updated: number;
  done: number;
  total: number | null;
  errors: { at: number; message: string; resumed?: true }[];
}

/** Points the app at the twin's pull API, through Settings (they take precedence over env). */
export async function useTwinForPulls(app: RunningServer, twinUrl: string) {
  const r = await sendJson(app.admin!, 'POST', '/api/v1/settings/credentials', {
    platform: 'smartvending',
    account: app.clientId,
    key: app.key,
    baseUrl: twinUrl,
  });
  expect(r.status).toBe(201);
}

export async function startSync(s: Session, body: Record<string, unknown>) {
  const r = await sendJson<{ runId: number }>(s, 'POST', '/api/v1/sync', body);
  expect(r.status).toBe(202);
  return r.body.runId;
}

/**
 * Polls a run until it has finished. A run that never finishes fails with its last state
 * (not a timing assertion: the bound only turns a hang into a readable failure).
 */
export async function waitRun(app: RunningServer, runId: number): Promise<RunBody> {
  const give = Date.now() + 50_000;
  for (;;) {
    const r = await getJson<RunBody>(app, `/api/v1/sync/${runId}`);
    if (r.body.state === 'succeeded' || r.body.state === 'failed') return r.body;
    if (Date.now() > give)
      throw new Error(`run ${runId} did not finish: ${JSON.stringify(r.body)}`);
    await new Promise((res) => setTimeout(res, 150));
  }
}

export async function syncAndWait(app: RunningServer, body: Record<string, unknown>) {
  const run = await waitRun(app, await startSync(app.admin!, body));
  expect(run.errors, JSON.stringify(run.errors)).toEqual([]);
  expect(run.state).toBe('succeeded');
  return run;
}

export interface ReconcileBody {
  differs: boolean;
  countDiff: number;
  amountDiff: number;
  platformError?: string;
  rows: { line: string; countDiff: number; amountDiff: number }[];
}

export async function reconcile(app: RunningServer, assetId: string, start: number, end: number) {
  const r = await getJson<ReconcileBody>(
    app,
    `/api/v1/reconcile?assetId=${assetId}&startTime=${start}&endTime=${end}`,
  );
  expect(r.status).toBe(200);
  expect(r.body.platformError).toBeUndefined();
  return r.body;
}

/** Every trade the app holds in a window (the trades API, followed to its last page). */
export async function tradesIn(app: RunningServer, start: number, end: number) {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = '';
  while (cursor !== null) {
    const page: { body: { items: Record<string, unknown>[]; nextCursor: string | null } } =
      await getJson(
        app,
        `/api/v1/trades?startTime=${start}&endTime=${end}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`,
      );
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  }
  return items;
}
