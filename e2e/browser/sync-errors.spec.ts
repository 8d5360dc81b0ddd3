import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN, E2E_CLIENT } from '../../playwright.config';
import { startTwin, type RunningTwin } from '@/simulator/server';
import { signInAs, watchCsp } from './sign-in';

// The twin answering as the real platform does (vendorQuirks), refusing every call with
// `return_code: "FAIL "`: /sync must say so readably, in both languages, on a phone and on a
// desk, with the platform's own words (D72).
let twin: RunningTwin;
let credentialId: string | undefined;
/** The runs made to fail, by job (the schedule may queue others meanwhile). */
const runs: Record<string, number> = {};
const SHOTS = process.env.SCREENSHOT_DIR ?? path.join('test-results', 'sync-errors');

const origin = (page: Page) => ({ origin: new URL(page.url()).origin });

test.beforeAll(async ({ browser }) => {
  twin = await startTwin({
    seed: 19,
    machines: 3,
    lines: 1,
    speed: 1,
    historyDays: 1,
    clientId: E2E_CLIENT.clientId,
    key: E2E_CLIENT.key,
    vendorQuirks: true,
  });
  twin.twin.clock.pause();
  const page = await browser.newPage();
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const saved = await page.request.post('/api/v1/settings/credentials', {
    headers: origin(page),
    data: {
      platform: 'smartvending',
      account: E2E_CLIENT.clientId,
      key: E2E_CLIENT.key,
      baseUrl: twin.url,
    },
  });
  expect(saved.status()).toBe(201);
  credentialId = String(((await saved.json()) as { id: string | number }).id);
  // Machines to visit, while the platform still answers; then it refuses everything.
  const sites = await page.request.post('/api/v1/sync', {
    headers: origin(page),
    data: { job: 'sites' },
  });
  expect(sites.status()).toBe(202);
  await expect
    .poll(async () => {
      const r = await page.request.get(`/api/v1/sync/${(await sites.json()).runId}`);
      return ((await r.json()) as { state: string }).state;
    })
    .toBe('succeeded');
  const knobs = await fetch(`${twin.url}/_sim/knobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ failRate: 1 }),
  });
  expect(knobs.status).toBe(200);
  for (const job of ['trades', 'status']) {
    const r = await page.request.post('/api/v1/sync', { headers: origin(page), data: { job } });
    expect(r.status()).toBe(202);
    const runId = ((await r.json()) as { runId: number }).runId;
    runs[job] = runId;
    await expect
      .poll(
        async () => {
          const s = await page.request.get(`/api/v1/sync/${runId}`);
          return ((await s.json()) as { state: string }).state;
        },
        { timeout: 60_000 },
      )
      // Every call refused, each retried with backoff first: longer than a poll's default.
      .toBe('failed');
  }
  await page.close();
});

const WORDS = '系统繁忙，请稍后再试';
const LANGUAGES = [
  {
    locale: 'zh-CN',
    failed: '失败',
    trades: `平台拒绝了 /osapi/trade/list（FAIL），原话：“${WORDS}”`,
    machine:
      /^售货机 \S+：平台拒绝了 \/osapi\/router\/status（FAIL），原话：“系统繁忙，请稍后再试”$/,
  },
  {
    locale: 'en',
    failed: 'Failed',
    trades: `The platform refused /osapi/trade/list (FAIL) and said: “${WORDS}”`,
    machine:
      /^Machine \S+: The platform refused \/osapi\/router\/status \(FAIL\) and said: “系统繁忙，请稍后再试”$/,
  },
];

for (const lang of LANGUAGES)
  for (const width of [390, 1440])
    test(`a failed run says what the platform answered (${lang.locale}, ${width} px)`, async ({
      page,
      context,
    }) => {
      const violations = watchCsp(page);
      await page.setViewportSize({ width, height: width < 500 ? 844 : 900 });
      await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
      await context.addCookies([
        { name: 'locale', value: lang.locale, url: new URL(page.url()).origin },
      ]);
      await page.goto('/sync');
      const status = page.getByTestId(`run-${runs.status}`);
      const trades = page.getByTestId(`run-${runs.trades}`);
      await expect(trades.getByTestId('run-state')).toHaveText(lang.failed);
      await expect(trades.getByTestId('run-error')).toHaveText([lang.trades]);
      await expect(status.getByTestId('run-state')).toHaveText(lang.failed);
      const machineErrors = status.getByTestId('run-error');
      await expect(machineErrors.first()).toHaveText(lang.machine);
      // The error reads whole: no text cut off or running out of its cell.
      const box = await trades.getByTestId('run-error').boundingBox();
      expect(box!.height).toBeGreaterThan(0);
      await trades.getByTestId('run-error').scrollIntoViewIfNeeded();
      await page.screenshot({
        path: path.join(SHOTS, `sync-failed-${lang.locale}-${width}.png`),
        fullPage: true,
      });
      expect(violations).toEqual([]);
    });

test.afterAll(async ({ browser }) => {
  await twin?.close();
  if (!credentialId) return;
  const page = await browser.newPage();
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.request.delete(`/api/v1/settings/credentials/${credentialId}`, {
    headers: origin(page),
  });
  await page.close();
});
