import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN } from '../../playwright.config';
import { ROBOT_KEYS, startRobotReceiver, type RobotReceiver } from '../support/channel-receivers';
import { chooseLanguage, signInAs, watchCsp } from './sign-in';

// Settings → Notifications, the channels: an admin adds a WeCom robot and a DingTalk robot,
// sends each a test and reads the robot's answer, and deletes one after confirming; in both
// languages, on a phone and on a desktop. Screenshots go to E2E_SHOTS.
const SHOTS = process.env.E2E_SHOTS ?? path.join(os.tmpdir(), 'e2e-shots');
let robots: RobotReceiver;
test.describe.configure({ mode: 'serial' });

const NAMES = ['运维群', 'DingTalk night shift'];

test.beforeAll(async ({ browser }) => {
  robots = await startRobotReceiver();
  fs.mkdirSync(SHOTS, { recursive: true });
  // A retry runs the group again from its first test (serial mode): the channels an earlier
  // attempt added go first, as an admin would delete them, so each name is on one row.
  const page = await browser.newPage();
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const listed = await page.request.get('/api/v1/notification-channels');
  expect(listed.status()).toBe(200);
  const { items } = (await listed.json()) as { items: { id: number; name: string }[] };
  for (const c of items.filter((c) => NAMES.includes(c.name))) {
    const gone = await page.request.delete(`/api/v1/notification-channels/${c.id}`, {
      headers: { origin: new URL(page.url()).origin },
    });
    expect(gone.status()).toBe(200);
  }
  await page.close();
});
test.afterAll(async () => {
  await robots?.close();
});

const noSidewaysScroll = async (page: Page) =>
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0);

test('an admin adds a WeCom robot, tests it and sees the robot’s answer (zh-CN, phone)', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const csp = watchCsp(page);
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await chooseLanguage(page, 'zh-CN');
  await page.goto('/admin/notifications');
  await expect(page.getByRole('heading', { name: '通知渠道' })).toBeVisible();

  const form = page.getByRole('form', { name: '添加渠道' });
  await form.getByLabel('类型').selectOption('wecom');
  await form.getByLabel('名称').fill('运维群');
  await form
    .getByLabel('Webhook 地址')
    .fill(`${robots.url}/cgi-bin/webhook/send?key=${ROBOT_KEYS.wecomKey}`);
  await form.getByRole('button', { name: '创建' }).click();
  await expect(form.getByText('已添加渠道“运维群”。')).toBeVisible();

  const row = page.getByRole('row').filter({ hasText: '运维群' });
  await expect(row).toContainText('企业微信群机器人');
  await expect(row).toContainText('密钥 …abcd');
  await expect(row).not.toContainText(ROBOT_KEYS.wecomKey);
  await row.getByRole('button', { name: '发送测试' }).click();
  await expect(row.getByTestId('test-outcome')).toContainText('已送达（200）');
  await expect(row.getByTestId('test-outcome')).toContainText('"errcode":0');
  const sent = robots.received.at(-1)!;
  expect((sent.json.markdown as { content: string }).content).toContain('## 测试消息：运维群');
  // Last delivered: now, in the fleet's time.
  await expect(row).toContainText(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);
  await noSidewaysScroll(page);
  await page.screenshot({ path: path.join(SHOTS, 'channels-zh-390.png'), fullPage: true });
  expect(csp).toEqual([]);
});

test('a wrong DingTalk secret shows the robot’s refusal; deleting asks first (en, desktop)', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await chooseLanguage(page, 'en');
  await page.goto('/admin/notifications');
  const form = page.getByRole('form', { name: 'Add a channel' });
  await form.getByLabel('Kind').selectOption('dingtalk');
  await form.getByLabel('Name').fill('DingTalk night shift');
  await form
    .getByLabel('Webhook URL')
    .fill(`${robots.url}/robot/send?access_token=${ROBOT_KEYS.dingtalkToken}`);
  await form.getByLabel('Secret (when signing is on)').fill('SECnot-the-right-one');
  await form.getByRole('button', { name: 'Create' }).click();
  await expect(form.getByText('Channel “DingTalk night shift” added.')).toBeVisible();

  const row = page.getByRole('row').filter({ hasText: 'DingTalk night shift' });
  await expect(row).toContainText('signed');
  await row.getByRole('button', { name: 'Send a test' }).click();
  await expect(row.getByTestId('test-outcome')).toContainText('Failed (200)');
  await expect(row.getByTestId('test-outcome')).toContainText('310000');

  // The e-mail form asks for what SMTP needs.
  await form.getByLabel('Kind').selectOption('email');
  await expect(form.getByLabel('SMTP server')).toBeVisible();
  await expect(form.getByLabel('Port')).toHaveValue('587');
  await noSidewaysScroll(page);
  await page.screenshot({ path: path.join(SHOTS, 'channels-en-1440.png'), fullPage: true });

  await row.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete this channel?' });
  await expect(dialog).toContainText('“DingTalk night shift” will receive nothing more');
  await dialog.getByRole('button', { name: 'Delete channel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('row').filter({ hasText: 'DingTalk night shift' })).toHaveCount(0);
  await expect(page.getByRole('row').filter({ hasText: '运维群' })).toHaveCount(1);
});

test('both languages at both widths without sideways scrolling', async ({ page }) => {
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  for (const locale of ['en', 'zh-CN'] as const) {
    await chooseLanguage(page, locale);
    for (const width of [390, 1440]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await page.goto('/admin/notifications');
      await expect(page.getByRole('row').filter({ hasText: '运维群' })).toBeVisible();
      await noSidewaysScroll(page);
      await page.screenshot({
        path: path.join(SHOTS, `channels-${locale}-${width}-list.png`),
        fullPage: true,
      });
    }
  }
});
