import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN } from '../../playwright.config';
import { chooseLanguage, signInAs, watchCsp } from './sign-in';

// Settings → Alert thresholds (D85): a minimum duration, a clear duration and a tolerance per
// kind, saved and read back; in both languages, on a phone and on a desk, with no sideways
// scroll. Screenshots go to E2E_SHOTS (default: the system's temp directory).
const SHOTS = process.env.E2E_SHOTS ?? path.join(os.tmpdir(), 'e2e-shots');

const TEXT = {
  'zh-CN': { heading: '告警阈值', kind: '温度', minutes: '持续（分钟）', saved: '阈值已保存' },
  en: {
    heading: 'Alert thresholds',
    kind: 'Temperature',
    minutes: 'Lasting (minutes)',
    saved: 'Thresholds saved',
  },
} as const;

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(0);
}

for (const locale of ['zh-CN', 'en'] as const) {
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    test(`sets a kind's minimum duration, ${locale}, ${width} px`, async ({ page }) => {
      const t = TEXT[locale];
      const violations = watchCsp(page);
      await page.setViewportSize({ width, height });
      await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
      await chooseLanguage(page, locale);
      await page.goto('/admin/settings');
      const form = page.getByRole('form', { name: t.heading });
      await expect(form).toBeVisible();
      const temperature = form.getByTestId('kind-rules').locator('li', { hasText: t.kind }).first();
      const minutes = temperature.getByLabel(t.minutes);
      const value = String(10 + width + (locale === 'en' ? 1 : 0));
      await minutes.fill(value);
      await form.getByRole('button', { name: locale === 'en' ? 'Save' : '保存' }).click();
      await expect(form.getByText(t.saved)).toBeVisible();
      await noSidewaysScroll(page);
      await form.scrollIntoViewIfNeeded();
      await page.screenshot({
        path: path.join(SHOTS, `alert-thresholds-${locale}-${width}.png`),
        fullPage: true,
      });
      await page.reload();
      await expect(
        page
          .getByRole('form', { name: t.heading })
          .getByTestId('kind-rules')
          .locator('li', { hasText: t.kind })
          .first()
          .getByLabel(t.minutes),
      ).toHaveValue(value);
      expect(violations).toEqual([]);
    });
  }
}
