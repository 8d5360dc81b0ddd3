import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwin, type RunningTwin } from '@/simulator/server';
import { OUTSIDE_NEXT, TSX } from '../support/server';

// `npm run sync -- trades --since … --until …` in its own process, against the twin.
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vending-sync-cli-'));
let twin: RunningTwin;

beforeAll(async () => {
  twin = await startTwin({
    seed: 43,
    machines: 3,
    lines: 1,
    speed: 1,
    historyDays: 1,
    clientId: 'cli-client',
    key: 'cli-key-0123456789',
  });
  twin.twin.clock.pause();
});

afterAll(async () => {
  await twin?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs the command (asynchronously: the twin answering it lives in this process). */
function sync(
  ...args: string[]
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(TSX, [...OUTSIDE_NEXT, 'scripts/sync.ts', ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: path.join(dir, 'vending.db'),
      SMARTVENDING_BASE_URL: twin.url,
      SMARTVENDING_CLIENT_ID: 'cli-client',
      SMARTVENDING_KEY: 'cli-key-0123456789',
      FLEET_TIME_ZONE: 'Asia/Shanghai',
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) =>
    child.once('close', (status) => resolve({ status, stdout, stderr })),
  );
}

const localDay = (ms: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(ms));

describe('npm run sync', () => {
  it('pulls the trades of local days and says what it did', async () => {
    const from = localDay(Date.now() - 86_400_000);
    const to = localDay(Date.now());
    const r = await sync('trades', '--since', from, '--until', to);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    const n = twin.twin.trades.size;
    expect(n).toBeGreaterThan(0);
    expect(r.stdout).toMatch(new RegExp(`succeeded, ${n} handled, ${n} new`));
    const again = await sync('trades', '--since', from, '--until', to);
    expect(again.stdout).toMatch(new RegExp(`succeeded, ${n} handled, 0 new, 0 updated`));
  });

  it('refuses an unknown job or a bad date with the usage', async () => {
    const r = await sync('everything');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage: npm run sync/);
    const bad = await sync('trades', '--since', '2026-02-30');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/not a date/);
  });
});
