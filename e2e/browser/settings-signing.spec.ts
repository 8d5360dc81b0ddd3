import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN, E2E_CLIENT } from '../../playwright.config';
import type { SignForm } from '@/lib/platforms/signing';
import { startTwin, type RunningTwin } from '@/simulator/server';
import { signedBody, type PushKind } from '../support/push';
import { deviceMessage } from '../support/messages';
import { chooseLanguage, signInAs, watchCsp } from './sign-in';

// Settings' Smart Vending clients (D70): the forms a platform signs in, the connection test
// finding the one the twin accepts and keeping it, the door meaning; in both languages, on a
// phone and on a desktop. Screenshots go to E2E_SHOTS (default: the system's temp directory).
const SIGN_CLIENT = { clientId: 'e2e-sign-client', key: 'e2e-sign-key-0123456789' };
const SHOTS = process.env.E2E_SHOTS ?? path.join(os.tmpdir(), 'e2e-shots');
let twin: RunningTwin;
// Each test goes on from the one before (the form kept, the door meaning saved).
test.describe.configure({ mode: 'serial' });

async function push(
  baseURL: string,
  client: { clientId: string; key: string },
  kind: PushKind,
  payload: Record<string, unknown>,
  form: SignForm,
) {
  const r = await fetch(`${baseURL}/api/notify/${kind}`, {
    method: 'POST',
    body: signedBody(client, payload, form),
  });
  expect(await r.json()).toEqual({ result: 'SUCCESS' });
}

test.beforeAll(async ({ browser, baseURL }) => {
  // The twin knows only &key= + uppercase, as a platform following its other documents would.
  twin = await startTwin({ seed: 3, machines: 2, speed: 1, ...SIGN_CLIENT });
  twin.twin.clock.pause();
  const knobs = await fetch(`${twin.url}/_sim/knobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ acceptSignForm: 'amp-upper' }),
  });
  expect(knobs.status).toBe(200);
  const page = await browser.newPage();
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const saved = await page.request.post('/api/v1/settings/credentials', {
    headers: { origin: new URL(page.url()).origin },
    data: { platform: 'smartvending', ...pick(SIGN_CLIENT), baseUrl: twin.url },
  });
  expect(saved.status()).toBe(201);
  await page.close();
  // Its platform signs bare + lowercase; the environment's client in two forms at once.
  for (const n of [1, 2])
    await push(baseURL!, SIGN_CLIENT, 'device', deviceMessage(`SG-${n}`), 'bare-lower');
  await push(baseURL!, E2E_CLIENT, 'device', deviceMessage('SG-3'), 'bare-lower');
  await push(baseURL!, E2E_CLIENT, 'device', deviceMessage('SG-4'), 'amp-upper');
  fs.mkdirSync(SHOTS, { recursive: true });
});

test.afterAll(async () => {
  await twin?.close();
});

function pick(c: { clientId: string; key: string }) {
  return { account: c.clientId, key: c.key };
}

/** The page fits its width: nothing but the tables' own scrollers scrolls sideways. */
async function fitsWidth(page: Page) {
  const { scroll, client, wide } = await page.evaluate(() => {
    const client = document.documentElement.clientWidth;
    const scrolls = (e: Element | null): boolean =>
      !!e &&
      (['auto', 'scroll'].includes(getComputedStyle(e).overflowX) || scrolls(e.parentElement));
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > client + 1 && !scrolls(e.parentElement))
      .slice(0, 8)
      .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`);
    return { scroll: document.documentElement.scrollWidth, client, wide };
  });
  expect(scroll, wide.join('\n')).toBeLessThanOrEqual(client);
}

test('the clients, the connection test and the door meaning, in Chinese on a desktop', async ({
  page,
}) => {
  const violations = watchCsp(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto('/admin/settings');
  await expect(page.getByRole('heading', { name: '智能售货平台客户端' })).toBeVisible();

  const mine = page.getByTestId(`client-${SIGN_CLIENT.clientId}`);
  await expect(page.getByTestId(`client-received-${SIGN_CLIENT.clientId}`)).toHaveText(
    /直接拼接 · 小写：最近 2 条中 2 条/,
  );
  await expect(mine.getByRole('alert')).toHaveCount(0);
  await expect(page.getByTestId(`client-send-${SIGN_CLIENT.clientId}`)).toHaveText(
    '直接拼接 · 小写',
  );
  const env = page.getByTestId(`client-${E2E_CLIENT.clientId}`);
  await expect(env.getByRole('alert')).toContainText('平台使用了不止一种签名方式');

  // The twin refuses bare + lowercase: the test finds &key= + uppercase and offers to keep it.
  const row = page.getByTestId(`credential-${SIGN_CLIENT.clientId}`);
  await row.getByRole('button', { name: '测试连接' }).click();
  const trial = row.getByTestId('sign-form-trial');
  await expect(trial).toContainText('平台拒绝了 直接拼接 · 小写。');
  await expect(trial).toContainText('平台接受 &key= · 大写。');
  await page.screenshot({ path: path.join(SHOTS, 'settings-zh-1440-trial.png'), fullPage: true });
  await trial.getByRole('button', { name: '此后使用 &key= · 大写 签名' }).click();
  await expect(trial).toContainText('现在使用 &key= · 大写 签名。');
  await expect(page.getByTestId(`credential-sign-${SIGN_CLIENT.clientId}`)).toHaveText(
    '&key= · 大写',
  );
  await expect(page.getByTestId(`client-send-${SIGN_CLIENT.clientId}`)).toHaveText('&key= · 大写');
  await row.getByRole('button', { name: '测试连接' }).click();
  await expect(row.getByRole('status').filter({ hasText: '连接成功' })).toBeVisible();

  // The environment's client: its platform means 1 = open.
  await env.getByLabel('doorState 含义').selectOption('1');
  await env.getByRole('button', { name: '保存' }).click();
  await expect(env.getByRole('status')).toContainText(
    `已保存：此后来自 ${E2E_CLIENT.clientId} 的消息按“1 = 开门（厂商自带程序）”解读。`,
  );
  await expect(env).toContainText('在此设置');
  await expect(env.getByRole('status')).toContainText('已保存');
  await fitsWidth(page);
  await page.screenshot({ path: path.join(SHOTS, 'settings-zh-1440.png'), fullPage: true });
  expect(violations).toEqual([]);
});

for (const width of [390, 1440]) {
  test(`reads in English and Chinese at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await page.goto('/admin/settings');
    await expect(page.getByRole('heading', { name: '智能售货平台客户端' })).toBeVisible();
    await fitsWidth(page);
    await page.screenshot({ path: path.join(SHOTS, `settings-zh-${width}.png`), fullPage: true });

    await chooseLanguage(page, 'en');
    await expect(page.getByRole('heading', { name: 'Smart Vending clients' })).toBeVisible();
    const env = page.getByTestId(`client-${E2E_CLIENT.clientId}`);
    await expect(env.getByRole('alert')).toContainText('signs in more than one form');
    await expect(env.getByLabel('doorState means')).toHaveValue('1');
    await expect(page.getByTestId(`client-received-${SIGN_CLIENT.clientId}`)).toHaveText(
      /bare · lowercase: (\d+) of the last \1/,
    );
    await expect(page.getByTestId(`client-send-${SIGN_CLIENT.clientId}`)).toHaveText(
      '&key= · UPPERCASE',
    );
    await fitsWidth(page);
    await page.screenshot({ path: path.join(SHOTS, `settings-en-${width}.png`), fullPage: true });
    // The inbox names the form of each message in the same words.
    await page.goto('/inbox');
    await expect(page.getByText('bare · lowercase').first()).toBeVisible();
    await chooseLanguage(page, 'zh-CN');
  });
}
