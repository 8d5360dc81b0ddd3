import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { refitDemand } from '@/lib/forecast/job';
import { E2E_ADMIN, E2E_CLIENT, E2E_DATABASE_URL } from '../../playwright.config';
import { withPeek } from '../support/peek';
import { pushHistory } from '../support/history';
import { signInAs, watchCsp } from './sign-in';

// The forecast where people look (issue 21 item 2, D96): the shelf map says when each shelf will
// be empty and the machine list each machine's earliest, in both languages, on a phone and on a
// desk, with no sideways scroll. Screenshots go to E2E_SHOTS (default: the temp directory).
const SHOTS = process.env.E2E_SHOTS ?? path.join(os.tmpdir(), 'e2e-shots');
const PHONE = { width: 390, height: 844 };
const DESK = { width: 1440, height: 900 };

const TEXT = {
  'zh-CN': {
    forecast: /^约 \d+ (分钟|小时|天)后售空$/,
    soldOut: '已售空',
    band: /^很可能在 .+ 至 .+ 之间售空/,
    list: /^约 \d+ (分钟|小时|天)后$/,
    column: '最早售空',
  },
  en: {
    forecast: /^Empty in about \d+ (min|h|days)$/,
    soldOut: 'Empty now',
    band: /^Likely empty between .+ and .+/,
    list: /^in about \d+ (min|h|days)$/,
    column: 'Empties first',
  },
} as const;

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(0);
}

// One machine per run (a retry meets the database the first try left), two weeks of sales.
const ID = `E2E-F${Date.now().toString(36).toUpperCase()}`;

test.beforeAll(async ({ baseURL }) => {
  test.setTimeout(180_000);
  const now = Math.floor(Date.now() / 1000);
  // Both shelves sell 12 a day; refilled to 60 every 4 days, the last 2 days ago.
  await pushHistory(
    { url: baseURL!, ...E2E_CLIENT },
    {
      assetId: ID,
      name: '预测测试机',
      now,
      days: 14,
      perShelfPerDay: 12,
      capacity: 60,
      refillDays: 4,
    },
  );
  await withPeek({ databaseUrl: E2E_DATABASE_URL }, (p) =>
    refitDemand(p.app(), { now, windowDays: 14 }),
  );
});

for (const locale of ['zh-CN', 'en'] as const) {
  for (const size of [PHONE, DESK]) {
    test(`the shelf map and the machine list say when shelves empty (${locale}, ${size.width} px)`, async ({
      page,
      context,
      baseURL,
    }) => {
      const t = TEXT[locale];
      const violations = watchCsp(page);
      await context.addCookies([{ name: 'locale', value: locale, url: baseURL! }]);
      await page.setViewportSize(size);
      await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);

      await page.goto(`/machines/${ID}`);
      const shelf = page.getByTestId(`shelf-${ID}-1`);
      const forecast = shelf.getByTestId('shelf-forecast');
      await expect(forecast).toHaveText(t.forecast);
      await expect(forecast).toHaveAttribute('title', t.band);
      // No hover on a phone: a tap shows the range under the shelf's forecast.
      await forecast.click();
      await expect(shelf.getByTestId('shelf-forecast-detail').first()).toHaveText(t.band);
      await noSidewaysScroll(page);
      await page.screenshot({
        path: path.join(SHOTS, `shelf-forecast-${locale}-${size.width}.png`),
        fullPage: true,
      });

      await page.goto(`/machines?q=${ID}&sort=soldOutAt`);
      const row =
        size === PHONE ? page.getByTestId(`machine-card-${ID}`) : page.getByTestId(`machine-${ID}`);
      await expect(row.getByTestId('earliest-sold-out')).toHaveText(t.list);
      if (size === DESK)
        await expect(page.getByRole('columnheader', { name: t.column })).toHaveAttribute(
          'aria-sort',
          'ascending',
        );
      await noSidewaysScroll(page);
      await page.screenshot({
        path: path.join(SHOTS, `machines-forecast-${locale}-${size.width}.png`),
        fullPage: true,
      });
      expect(violations).toEqual([]);
    });
  }
}
