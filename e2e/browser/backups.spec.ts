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

test('the last backup, its age, size, outcome and upload, in both languages', async ({ page }) => {
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
