import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execSync } from 'node:child_process';
import { countUsers, findUserByEmail } from '@/db/queries/auth';
import { openDb } from '@/lib/db';
import { asAppDb } from '@/db/engine/handle';
import { openPg } from '@/db/engine/postgres/client';
import { redact } from '@/db/copy/target';
import { createUser } from '@/lib/auth/accounts';
import { TEST_ADMIN } from '@/e2e/support/auth';

/** What every benchmark against the production server does first: a build to run. */
export function ensureBuild() {
  if (fs.existsSync(path.join(process.cwd(), '.next', 'BUILD_ID'))) return;
  console.log('no production build yet: running next build');
  execSync('npx next build', {
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
}

/**
 * The bench signs in as the test admin. A database without users gets it from the server's
 * ADMIN_EMAIL at start; one with other users (a demo's, say) gets it added here.
 */
export async function ensureBenchAdmin(file: string) {
  const pg = isPostgresUrl(file) ? openPg(file, { max: 1 }) : undefined;
  const db = pg ? asAppDb(pg) : openDb(file);
  try {
    if ((await countUsers(db)) > 0 && !(await findUserByEmail(db, TEST_ADMIN.email))) {
      await createUser(db, 'system', { ...TEST_ADMIN, name: 'Bench', role: 'admin' });
      console.log(`added the bench's admin ${TEST_ADMIN.email} to ${redact(file)}`);
    }
  } finally {
    if (pg) await pg.$client.end();
    else db.$client.close();
  }
}

/** A benchmark's database named by a postgres:// URL rather than a file (D115). */
export const isPostgresUrl = (s: string | undefined) => /^postgres(ql)?:\/\//.test(s ?? '');

/** The machine is shared: the load beside the figures says how much to trust them. */
export const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** The p-th percentile of ascending values (NaN for none). */
export const pct = (sorted: readonly number[], p: number) =>
  sorted.length
    ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
    : NaN;
