import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN, E2E_CLIENT } from '../../playwright.config';
import { deviceMessage, statusMessage } from '../support/messages';
import { signedBody, type PushKind } from '../support/push';
import { chooseLanguage, signInAs, watchCsp } from './sign-in';

/**
 * An operations manager reads the food-safety record of a fridge that warmed today (issue 19
 * item 6, D89): its minutes out of band and its peak, on a phone and on a desk, in both
 * languages, and downloads the CSV headed in the page's language.
 */
const ID = `E2E-FS${Date.now().toString(36).toUpperCase()}`;
const NAME = '北门冷柜';

async function push(baseURL: string, kind: PushKind, payload: Record<string, unknown>) {
  const r = await fetch(`${baseURL}/api/notify/${kind}`, {
    method: 'POST',
    body: signedBody(E2E_CLIENT, payload),
  });
  expect(await r.json()).toEqual({ result: 'SUCCESS' });
}

const temper = (left: number) => ({
  temperState: [
    {
      cid: 'master',
      temperDetail: {
        cryTemUL: 8,
        cryTemDL: 2,
        leftRmTem: left,
        rightRmTem: 5,
        leftRmRef: 1,
        rightRmRef: 1,
        leftRmHeat: 0,
        rightRmHeat: 0,
      },
    },
  ],
});

test.beforeAll(async ({ baseURL }) => {
  test.setTimeout(150_000);
  await push(baseURL!, 'device', deviceMessage(ID, { name: NAME }));
  await push(baseURL!, 'status', statusMessage(ID, { online: 0, ...temper(5) }));
  await push(baseURL!, 'status', statusMessage(ID, temper(13)));
  // Readings are timed as they arrive: the warm one has held for a minute and more.
  await new Promise((r) => setTimeout(r, 65_000));
  await push(baseURL!, 'status', statusMessage(ID, temper(6)));
});

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(0);
}

const TEXT = {
  'zh-CN': {
    heading: '食品安全温度记录',
    room: '主柜 · 左温区',
    minutes: /^[1-9]\d* 分钟$/,
    peak: '13 °C',
    header: '超出范围分钟数',
    download: '下载 CSV',
  },
  en: {
    heading: 'Food-safety temperature record',
    room: 'Main cabinet · Left room',
    minutes: /^[1-9]\d* min$/,
    peak: '13 °C',
    header: 'Minutes outside band',
    download: 'Download CSV',
  },
} as const;

for (const locale of ['zh-CN', 'en'] as const) {
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    test(`reads the food-safety record, ${locale}, ${width} px`, async ({ page }, info) => {
      test.setTimeout(90_000);
      const t = TEXT[locale];
      const violations = watchCsp(page);
      await page.setViewportSize({ width, height });
      await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
      // The switch works once the page is live (hydrated): a choice made earlier is lost.
      await expect(async () => {
        await chooseLanguage(page, locale);
        await expect(page.locator('html')).toHaveAttribute('lang', locale, { timeout: 3000 });
      }).toPass({ timeout: 30_000 });
      await page.goto(`/reports/food-safety?assetId=${ID}`);
      await expect(page.getByRole('heading', { level: 1, name: t.heading })).toBeVisible();
      const row = page.locator('tbody tr').filter({ hasText: t.room });
      await expect(row).toHaveCount(1);
      await expect(row).toContainText(NAME);
      await expect(row).toContainText(t.peak);
      // The minutes out of band: the fourth cell, a whole number of minutes above zero.
      await expect(row.locator('td').nth(3)).toHaveText(t.minutes);
      await noSidewaysScroll(page);
      await page.screenshot({
        path: info.outputPath(`food-safety-${locale}-${width}.png`),
        fullPage: true,
      });

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: t.download }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^food-safety-\d{4}-\d{2}-\d{2}-.*\.csv$/);
      const csv = fs.readFileSync((await download.path())!, 'utf8');
      expect(csv).toContain(t.header);
      expect(csv).toContain(ID);

      await page.goto('/admin/reports');
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await noSidewaysScroll(page);
      await page.screenshot({ path: info.outputPath(`admin-reports-${locale}-${width}.png`) });
      expect(violations).toEqual([]);
    });
  }
}
