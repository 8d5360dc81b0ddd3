import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN } from '../../playwright.config';
import type { BackupsView } from '@/lib/admin/backups/view';
import { chooseLanguage, signInAs, watchCsp } from './sign-in';

// Settings → Backups (D91): the server's own scheduled snapshot (its first tick comes a minute
// after start), shown with its age, size, outcome and upload, in both languages, on a phone
// and on a desktop. Screenshots go to E2E_SHOTS (default: the system's temp directory).
const SHOTS = process.env.E2E_SHOTS ?? path.join(os.tmpdir(), 'e2e-shots');

async function fitsWidth(page: Page) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(scroll).toBeLessThanOrEqual(client);
}

const ON_POSTGRES = process.env.E2E_ENGINE === 'postgres';

test('the last backup, its age, size, outcome and upload, in both languages', async ({ page }) => {
  // The app's snapshots are SQLite files; on PostgreSQL backups are the database's own (D111),
  // and the test below holds instead.
  test.skip(ON_POSTGRES, 'on PostgreSQL the app takes no snapshots');
  test.setTimeout(180_000);
  const violations = watchCsp(page);
  fs.mkdirSync(SHOTS, { recursive: true });
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  // The schedule (BACKUP_INTERVAL_H 24 by default) takes the first snapshot at its first tick.
  await expect
    .poll(
      async () =>
        ((await (await page.request.get('/api/v1/backups')).json()) as BackupsView).lastGood
          ?.outcome,
      { timeout: 120_000, intervals: [2000] },
    )
    .toBe('ok');

  const cases = [
    { locale: 'zh-CN', heading: '备份', ok: '已校验', upload: '未配置', schedule: '每 24 小时' },
    {
      locale: 'en',
      heading: 'Backups',
      ok: 'Checked',
      upload: 'Not configured',
      schedule: 'every 24 hours',
    },
  ] as const;
  for (const c of cases) {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/admin/settings');
    await chooseLanguage(page, c.locale); // kept in a cookie for the loads below
    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto('/admin/settings');
      const panel = page.getByTestId('backups');
      await expect(panel.getByRole('heading', { name: c.heading, exact: true })).toBeVisible();
      await expect(panel).toContainText(c.schedule);
      const last = page.getByTestId('backup-last');
      await expect(last).toContainText(c.ok);
      await expect(last).toContainText(c.upload);
      await expect(last).toContainText(/\d+(\.\d)? MB/);
      await expect(page.getByTestId('backup-age')).toHaveText(/\d/);
      await fitsWidth(page);
      await panel.scrollIntoViewIfNeeded();
      await panel.screenshot({ path: path.join(SHOTS, `backups-${c.locale}-${width}.png`) });
    }
  }
  expect(violations).toEqual([]);
});

test("on PostgreSQL the panel says backups are the database's own, in both languages", async ({
  page,
}) => {
  test.skip(!ON_POSTGRES, 'runs on PostgreSQL (npm run test:e2e:pg)');
  const violations = watchCsp(page);
  fs.mkdirSync(SHOTS, { recursive: true });
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  expect((await page.request.get('/api/v1/backups')).status()).toBe(409);
  const cases = [
    { locale: 'zh-CN', heading: '备份', says: /备份由 PostgreSQL 自身完成/ },
    { locale: 'en', heading: 'Backups', says: /backups are PostgreSQL's own/ },
  ] as const;
  for (const c of cases) {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/admin/settings');
    await chooseLanguage(page, c.locale);
    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto('/admin/settings');
      const panel = page.getByTestId('backups');
      await expect(panel.getByRole('heading', { name: c.heading, exact: true })).toBeVisible();
      await expect(page.getByTestId('backups-by-engine')).toHaveText(c.says);
      // Said as a fact of the deployment, not shown as a failure or an empty record.
      await expect(panel.getByRole('alert')).toHaveCount(0);
      await expect(page.getByTestId('backup-last')).toHaveCount(0);
      // Nor told to run npm run backup or restore, which refuse on this engine.
      await expect(panel).not.toContainText('npm run backup');
      await fitsWidth(page);
      await panel.screenshot({ path: path.join(SHOTS, `backups-pg-${c.locale}-${width}.png`) });
    }
  }
  expect(violations).toEqual([]);
});
