import AxeBuilder from '@axe-core/playwright';
import { expect, request, test, type Page } from '@playwright/test';
import { E2E_ADMIN, E2E_CLIENT, E2E_DATABASE_URL } from '../../playwright.config';
import { reportConditions } from '../support/alerts';
import { deviceMessage } from '../support/messages';
import { signedBody } from '../support/push';
import { signInAs } from './sign-in';

/**
 * Issue 19 items 2 and 7: an operations manager opens an alert's link from a group chat on a
 * phone, signs in, acknowledges it with a note and sees the timeline grow; the list filters;
 * both languages, at 390 px and 1440 px, without sideways scrolling.
 */
const OPS = { email: 'alert-ops@e2e.local', password: 'alert-ops-password', name: '值班王' };
const PHONE = { width: 390, height: 844 };
const DESK = { width: 1440, height: 900 };
let warm: number;
let offline: number;
let door: number;

test.beforeAll(async ({ baseURL }) => {
  for (const [id, lineName] of [
    ['ALRT-01', '告警测试线'],
    ['ALRT-02', '另一条告警线'],
  ]) {
    const r = await fetch(`${baseURL}/api/notify/device`, {
      method: 'POST',
      body: signedBody(E2E_CLIENT, deviceMessage(id!, { name: `冷柜${id!.slice(-2)}`, lineName })),
    });
    expect(r.status).toBe(200);
  }
  const api = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL! } });
  expect((await api.post('/api/auth/login', { data: E2E_ADMIN })).status()).toBe(200);
  const created = await api.post('/api/v1/users', {
    data: { ...OPS, role: 'operations' },
  });
  expect([201, 409]).toContain(created.status());
  await api.dispose();
  const now = Math.floor(Date.now() / 1000);
  const ids = await reportConditions({ databaseUrl: E2E_DATABASE_URL }, [
    {
      kind: 'temperature',
      assetId: 'ALRT-01',
      subject: 'ALRT-01:left',
      holding: true,
      since: now - 95 * 60,
      details: {
        cid: 'ALRT-01',
        room: 'left',
        temperature: 9.4,
        low: 2,
        high: 8,
        mode: 'cooling',
        peak: 11.2,
      },
    },
    { kind: 'offline', assetId: 'ALRT-02', holding: true, since: now - 30 * 60 },
    { kind: 'door', assetId: 'ALRT-01', holding: true, since: now - 10 * 60 },
  ]);
  [warm, offline, door] = ids as [number, number, number];
});

async function noSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(
    true,
  );
}

/**
 * Console errors, page errors and hydration complaints, as they come, and failed requests of
 * these pages. (The navigation prefetches other areas' pages, which may not exist in this
 * branch yet: their 404s are not this page's.)
 */
function listen(page: Page) {
  const heard: string[] = [];
  const ours = (url: string) => new URL(url).pathname.includes('/alerts');
  page.on('console', (m) => {
    if (m.text().startsWith('Failed to load resource') && !ours(m.location().url)) return;
    if (m.type() === 'error' || /hydrat/i.test(m.text()))
      heard.push(`${m.text().slice(0, 300)} ${m.location().url}`);
  });
  page.on('pageerror', (e) => heard.push(`pageerror: ${e.message.slice(0, 300)}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && ours(r.url())) heard.push(`${r.status()} ${r.url()}`);
  });
  return heard;
}

/** No serious or critical accessibility violation (axe), as pages.spec.ts checks every page. */
async function accessible(page: Page) {
  const axe = await new AxeBuilder({ page }).analyze();
  const bad = axe.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  expect(bad).toEqual([]);
}

test('a phone opens the alert link, signs in, acknowledges with a note and sees it in the timeline', async ({
  page,
}, info) => {
  const heard = listen(page);
  await page.setViewportSize(PHONE);
  await page.goto(`/alerts/${warm}`);
  await expect(page).toHaveURL(new RegExp(`/login\\?next=%2Falerts%2F${warm}$`));
  await page.getByLabel(/邮箱|E-mail/).fill(OPS.email);
  await page.getByLabel(/密码|Password/).fill(OPS.password);
  await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
  await expect(page).toHaveURL(new RegExp(`/alerts/${warm}$`));

  await expect(page.getByRole('heading', { level: 1 })).toContainText('温度');
  await expect(page.getByTestId('alert-place')).toContainText('冷柜01');
  await expect(page.getByTestId('alert-place').getByRole('link')).toHaveAttribute(
    'href',
    '/machines/ALRT-01',
  );
  await expect(page.getByTestId('alert-detail')).toContainText('峰值 11.2');
  await expect(page.getByTestId('alert-state')).toContainText('未处理');
  const timeline = page.getByTestId('timeline').getByRole('listitem');
  await expect(timeline).toHaveCount(1);
  await noSidewaysScroll(page);
  await page.screenshot({ path: info.outputPath('alert-zh-390.png'), fullPage: true });

  await page.getByRole('button', { name: '确认', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `确认告警 #${warm}` });
  await dialog.getByLabel('备注（可选）').fill('我去看看，二十分钟到');
  await dialog.getByRole('button', { name: '确认', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '已确认。' })).toBeVisible();
  await expect(page.getByTestId('alert-state')).toContainText('已确认');
  await expect(timeline).toHaveCount(2);
  await expect(timeline.nth(1)).toContainText(`${OPS.name} 确认`);
  await expect(timeline.nth(1)).toContainText('我去看看，二十分钟到');
  // Acknowledged: no second acknowledge button, the others remain.
  await expect(page.getByRole('button', { name: '确认', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '解决' })).toBeVisible();
  await noSidewaysScroll(page);
  await accessible(page);
  expect(heard).toEqual([]);
  await page.screenshot({ path: info.outputPath('alert-acked-zh-390.png'), fullPage: true });
});

for (const [locale, size] of [
  ['zh-CN', DESK],
  ['en', PHONE],
  ['en', DESK],
  ['zh-CN', PHONE],
] as const) {
  test(`the list filters by kind and state (${locale}, ${size.width} px)`, async ({
    page,
    context,
    baseURL,
  }, info) => {
    const heard = listen(page);
    await context.addCookies([{ name: 'locale', value: locale, url: baseURL! }]);
    await page.setViewportSize(size);
    await signInAs(page, OPS.email, OPS.password);
    await page.goto('/alerts');
    const zh = locale === 'zh-CN';
    const rows =
      size === PHONE ? page.getByTestId(/^alert-card-/) : page.getByTestId(/^alert-row-/);
    for (const id of [warm, offline, door])
      await expect(rows.filter({ has: page.locator(`a[href="/alerts/${id}"]`) })).toHaveCount(1);
    await noSidewaysScroll(page);
    await page.screenshot({
      path: info.outputPath(`alerts-${locale}-${size.width}.png`),
      fullPage: true,
    });

    await page.getByLabel(zh ? '类型' : 'Kind').selectOption('temperature');
    await expect(page).toHaveURL(/kind=temperature/);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(zh ? '温度' : 'Temperature');
    await page.getByLabel(zh ? '类型' : 'Kind').selectOption('');
    await page.getByLabel(zh ? '状态' : 'State').selectOption('open');
    await expect(rows.filter({ has: page.locator(`a[href="/alerts/${warm}"]`) })).toHaveCount(0);
    await expect(rows.filter({ has: page.locator(`a[href="/alerts/${door}"]`) })).toHaveCount(1);
    await page.getByLabel(zh ? '状态' : 'State').selectOption('acknowledged');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(zh ? '已确认' : 'Acknowledged');
    await noSidewaysScroll(page);
    await accessible(page);
    expect(heard).toEqual([]);
  });
}

test('snoozing and assigning from the list on a desk', async ({ page, context, baseURL }, info) => {
  await context.addCookies([{ name: 'locale', value: 'en', url: baseURL! }]);
  await page.setViewportSize(DESK);
  await signInAs(page, OPS.email, OPS.password);
  await page.goto('/alerts?state=open');
  const row = page.getByTestId(`alert-row-${offline}`);
  await row.getByRole('button', { name: 'Snooze' }).click();
  const snooze = page.getByRole('dialog', { name: `Snooze alert #${offline}` });
  await snooze.getByLabel('2 h').check();
  await snooze.getByRole('button', { name: 'Snooze' }).click();
  await expect(row.getByTestId('alert-state')).toContainText('Snoozed until');
  await row.getByRole('button', { name: 'Assign' }).click();
  const assign = page.getByRole('dialog', { name: `Assign alert #${offline}` });
  await assign.getByLabel('Assignee').selectOption({ label: OPS.name });
  await assign.getByRole('button', { name: 'Assign' }).click();
  await expect(row.getByTestId('alert-state')).toContainText(`Assigned to ${OPS.name}`);
  await page.screenshot({ path: info.outputPath('alerts-actions-en-1440.png'), fullPage: true });

  await page.goto(`/alerts/${offline}`);
  const timeline = page.getByTestId('timeline').getByRole('listitem');
  await expect(timeline).toHaveCount(3);
  await expect(timeline.nth(1)).toContainText(`Snoozed by ${OPS.name} until`);
  await expect(timeline.nth(2)).toContainText(`Assigned to ${OPS.name} by ${OPS.name}`);
  await page.getByRole('button', { name: 'Resolve' }).click();
  const resolve = page.getByRole('dialog', { name: `Resolve alert #${offline}` });
  await expect(resolve.getByRole('button', { name: 'Resolve' })).toBeDisabled();
  await resolve.getByLabel('What was done').fill('Router restarted on site');
  await resolve.getByRole('button', { name: 'Resolve' }).click();
  await expect(page.getByTestId('alert-state')).toContainText('Resolved');
  await expect(timeline).toHaveCount(4);
  await expect(page.getByRole('button', { name: 'Snooze' })).toHaveCount(0);
  await page.screenshot({ path: info.outputPath('alert-resolved-en-1440.png'), fullPage: true });
});
