import { expect, test } from '@playwright/test';
import { E2E_ADMIN, E2E_CLIENT } from '../../playwright.config';
import { signedBody, type PushKind } from '../support/push';
import { deviceMessage, statusMessage, tradeMessage } from '../support/messages';
import { signInAs, watchCsp } from './sign-in';

async function push(baseURL: string, kind: PushKind, payload: Record<string, unknown>) {
  const r = await fetch(`${baseURL}/api/notify/${kind}`, {
    method: 'POST',
    body: signedBody(E2E_CLIENT, payload),
  });
  expect(await r.json()).toEqual({ result: 'SUCCESS' });
}

test('the overview shows live figures and alerts, refreshes by itself, and speaks both languages', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const violations = watchCsp(page);
  await push(baseURL!, 'device', deviceMessage('OV-E2E-1', { name: '朝阳门一号机' }));
  await push(baseURL!, 'status', statusMessage('OV-E2E-1', { online: 0, doorState: 1, isSale: 1 }));
  await push(
    baseURL!,
    'trade',
    tradeMessage('ov-e2e-t1', 'OV-E2E-1', {
      payTime: String(Math.floor(Date.now() / 1000) - 30),
      price: '1250',
    }),
  );
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto('/');
  await expect(page.getByTestId('sales-today')).toContainText('12.50');
  const offline = page.getByTestId('figure-offline');
  const before = Number(await offline.locator('dd').first().innerText());
  await expect(page.getByTestId('fleet-clock')).toContainText('Asia/Shanghai');

  // The machine reports a fault: without a reload the figures and the alert list catch up.
  await push(
    baseURL!,
    'status',
    statusMessage('OV-E2E-1', {
      online: 1,
      vendingFault: [{ cid: 'OV-E2E-1', pcode: '3', ccode: '07' }],
    }),
  );
  await expect(offline.locator('dd').first()).toHaveText(String(before + 1), { timeout: 45_000 });
  const alert = page.getByTestId('alert-fault-OV-E2E-1');
  await expect(alert).toContainText('朝阳门一号机');
  await expect(alert).toContainText('故障 3/07');
  await page.getByRole('button', { name: /^故障/ }).click();
  await expect(page.getByTestId('alert-list').locator('li')).toHaveCount(1);

  await page.getByLabel('语言').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Fleet today' })).toBeVisible();
  await expect(alert).toContainText('fault 3/07');
  // Nothing Chinese is left on the page but the fleet's own data: machine, site and line names.
  const fleet = (await (await page.request.get('/api/v1/machines?limit=5000')).json()) as {
    items: { name: string | null; siteName: string | null; lineName: string | null }[];
  };
  const data = fleet.items
    .flatMap((m) => [m.name, m.siteName, m.lineName])
    .filter(Boolean) as string[];
  const text = await page.locator('body').innerText();
  const leftovers = (text.match(/[\u4e00-\u9fff]+/g) ?? []).filter(
    (w) => w !== '中文' && !data.some((d) => d.includes(w)),
  );
  expect(leftovers).toEqual([]);
  expect(violations).toEqual([]);
});

test('an admin reads a message in the inbox as it arrived', async ({ page, baseURL }) => {
  await push(baseURL!, 'device', deviceMessage('INBOX-E2E', { name: '收件箱测试机' }));
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.getByRole('link', { name: '消息收件箱' }).click();
  await page.getByRole('combobox', { name: '类型' }).selectOption('device');
  const row = page.locator('tr', { hasText: '设备' }).first();
  await row.getByRole('button', { name: '查看' }).click();
  await expect(page.locator('pre').first()).toContainText('收件箱测试机');
});

test('operations issue a pickup code and revoke it', async ({ page, baseURL }) => {
  await push(baseURL!, 'device', deviceMessage('PICK-E2E'));
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.getByRole('link', { name: '取货码' }).click();
  const form = page.getByRole('form', { name: '发放取货码' });
  await form.getByLabel('机器（资产编号，留空：任意）').fill('PICK-E2E');
  await form.getByLabel('金额（元）').fill('3.50');
  await form.getByLabel('数量').fill('2');
  await form.getByRole('button', { name: '创建' }).click();
  const issued = page.getByTestId('issued-codes');
  await expect(issued).toHaveText(/^\d{7} \d{7}$/);
  const [code] = (await issued.innerText()).split(' ');
  const row = page.getByTestId(`code-${code}`);
  await expect(row).toContainText('¥3.50');
  await expect(row).toContainText('未使用');
  await row.getByRole('button', { name: '作废' }).click();
  await expect(row).toContainText('已作废');
});
