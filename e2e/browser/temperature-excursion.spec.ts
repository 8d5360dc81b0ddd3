import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN, E2E_CLIENT } from '../../playwright.config';
import { signedBody, type PushKind } from '../support/push';
import { sendJson, signIn } from '../support/auth';
import { deviceMessage, statusMessage, coolingTemperatures } from '../support/messages';
import { FORMATS } from '@/lib/i18n/formats';
import { chooseLanguage, signInAs, watchCsp } from './sign-in';

/**
 * An operations manager reads when a fridge started to warm (issue 18 items 9 and 10, D81): the
 * overview's alert and the machine's page give the first reading out of band, not the latest,
 * with its peak; on a phone and on a desk, in both languages, and no page scrolls sideways.
 */
const ID = `E2E-T${Date.now().toString(36).toUpperCase()}`;
const NAME = '南门冷饮机';
const TZ = 'Asia/Shanghai';

async function push(baseURL: string, kind: PushKind, payload: Record<string, unknown>) {
  const r = await fetch(`${baseURL}/api/notify/${kind}`, {
    method: 'POST',
    body: signedBody(E2E_CLIENT, payload),
  });
  expect(await r.json()).toEqual({ result: 'SUCCESS' });
}

const temper = (right: number) => coolingTemperatures({ left: 6, right });

/** The excursion's first reading, as received (readings are timed at their receipt, D6). */
let start = 0;
const minute = (s: number) => Math.floor(s / 60);

test.beforeAll(async ({ baseURL }) => {
  test.setTimeout(120_000);
  // A fridge warm for any time at all is an alert here (the default asks for ten minutes, D85).
  const admin = await signIn(baseURL!, E2E_ADMIN.email, E2E_ADMIN.password);
  const current = await sendJson<Record<string, unknown>>(
    admin,
    'GET',
    '/api/v1/settings/thresholds',
  );
  const saved = await sendJson(admin, 'PUT', '/api/v1/settings/thresholds', {
    ...current.body,
    kinds: { temperature: { minutes: 0 } },
  });
  expect(saved.status).toBe(200);
  await push(baseURL!, 'device', deviceMessage(ID, { name: NAME }));
  await push(baseURL!, 'status', statusMessage(ID, { online: 0, isSale: 1, ...temper(6) }));
  start = Date.now() / 1000;
  await push(baseURL!, 'status', statusMessage(ID, temper(11)));
  // The later readings in another minute than the first, so "since" can only be read right.
  while (minute(Date.now() / 1000) === minute(start)) await new Promise((r) => setTimeout(r, 500));
  await push(baseURL!, 'status', statusMessage(ID, temper(15)));
  await push(baseURL!, 'status', statusMessage(ID, temper(12)));
});

const format = (locale: 'zh-CN' | 'en', name: 'dayTime' | 'dateTime', s: number) =>
  new Intl.DateTimeFormat(locale, { ...FORMATS[locale].dateTime![name], timeZone: TZ }).format(
    new Date(s * 1000),
  );

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(0);
}

const TEXT = {
  'zh-CN': { since: '起超出区间', peak: '峰值 15 °C' },
  en: { since: 'out of band since', peak: 'peak 15 °C' },
} as const;

for (const locale of ['zh-CN', 'en'] as const) {
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    test(`reads a temperature excursion's start, ${locale}, ${width} px`, async ({
      page,
    }, info) => {
      test.setTimeout(90_000);
      const t = TEXT[locale];
      const violations = watchCsp(page);
      await page.setViewportSize({ width, height });
      await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
      await chooseLanguage(page, locale);
      await page.goto('/');

      // The overview's alert: since the first warm reading, not the latest one.
      const alert = page.getByTestId(`alert-temperature-${ID}`);
      await expect(alert).toContainText(t.peak);
      await expect(alert.getByTestId('alert-since')).toContainText(
        format(locale, 'dayTime', start),
      );
      await expect(alert.getByTestId('alert-since')).toContainText(t.since);
      await noSidewaysScroll(page);
      await alert.scrollIntoViewIfNeeded();
      await page.screenshot({ path: info.outputPath(`overview-${locale}-${width}.png`) });

      await page.goto('/machines');
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await noSidewaysScroll(page);
      await page.screenshot({ path: info.outputPath(`machines-${locale}-${width}.png`) });

      // The machine's page, reached from the alert: the same start, in full, and the peak.
      await page.goto('/');
      await alert.getByRole('link', { name: NAME }).click();
      await expect(page).toHaveURL(`/machines/${ID}`);
      const note = page.getByTestId('out-of-band-master-right');
      await expect(note).toContainText(format(locale, 'dateTime', start));
      await expect(note).toContainText(t.peak);
      await noSidewaysScroll(page);
      await note.scrollIntoViewIfNeeded();
      await page.screenshot({ path: info.outputPath(`machine-${locale}-${width}.png`) });
      expect(violations).toEqual([]);
    });
  }
}
