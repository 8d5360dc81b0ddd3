import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3939);
export const E2E_CLIENT = { clientId: 'e2e-client', key: 'e2e-key-0123456789' };
export const E2E_ADMIN = { email: 'admin@e2e.local', password: 'e2e-admin-password' };
// The run's database, fixed once in the runner and inherited by the workers (they load this
// file again): specs that need alert records raise them in it (e2e/support/alerts.ts).
process.env.E2E_DATABASE ??= path.join(os.tmpdir(), `vending-e2e-${process.pid}-${Date.now()}.db`);
export const E2E_DATABASE = process.env.E2E_DATABASE;
// On PostgreSQL (npm run test:e2e:pg) the runner is given a cluster's URL instead (D116).
process.env.E2E_DATABASE_URL ??= process.env.E2E_DATABASE;
export const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL!;
export const E2E_APP_SECRET = 'e2e-app-secret-0123456789abcdef01234';

export default defineConfig({
  testDir: 'e2e/browser',
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: process.env.CI ? 'list' : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  // The specs load lib/ in Playwright's own process (seeding, signing), outside Next's bundle:
  // this tsconfig resolves `server-only` to its empty module there, as vitest's alias does (D98).
  tsconfig: './tsconfig.e2e.json',
  webServer: {
    command: 'node_modules/.bin/tsx --import ./lib/ops/outside-next.mjs server.ts',
    url: `http://127.0.0.1:${PORT}/login`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATABASE_URL: E2E_DATABASE_URL,
      SMARTVENDING_CLIENT_ID: E2E_CLIENT.clientId,
      SMARTVENDING_KEY: E2E_CLIENT.key,
      ADMIN_EMAIL: E2E_ADMIN.email,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      APP_SECRET: E2E_APP_SECRET,
      NOTIFY_TICK_MS: '200',
      // No scheduled sync: a spec that saves the platform's account pulls what it means to,
      // when it means to. A scheduled trades pull landing between a spec's setup and its
      // check once made the sync spec's "the platform has trades we lack" agree (CI, stop 30).
      SYNC_INTERVAL_S: '0',
    },
  },
});
