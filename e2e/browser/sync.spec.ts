import { expect, test } from '@playwright/test';
import { E2E_ADMIN, E2E_CLIENT } from '../../playwright.config';
import { startTwin, type RunningTwin } from '@/simulator/server';
import { chooseLanguage, signInAs, watchCsp } from './sign-in';

// The platform twin serves the pull API (no pushes: everything the app learns here it pulls).
let twin: RunningTwin;
let credentialId: string | undefined;

test.beforeAll(async ({ browser }) => {
  twin = await startTwin({
    seed: 17,
    machines: 4,
    lines: 1,
    speed: 1,
    historyDays: 1,
    clientId: E2E_CLIENT.clientId,
    key: E2E_CLIENT.key,
  });
  twin.twin.clock.pause();
  // The app pulls from the twin: its account saved in Settings, as an admin would.
  const page = await browser.newPage();
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const saved = await page.request.post('/api/v1/settings/credentials', {
    headers: { origin: new URL(page.url()).origin },
    data: {
      platform: 'smartvending',
      account: E2E_CLIENT.clientId,
      key: E2E_CLIENT.key,
      baseUrl: twin.url,
    },
  });
  expect(saved.status()).toBe(201);
  credentialId = String(((await saved.json()) as { id: string | number }).id);
  await page.close();
});

const localDay = (ms: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(ms));

test('start a sync from the page and see it finish; reconcile a machine, backfill, agree', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const violations = watchCsp(page);
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto('/sync');
  await expect(page.getByRole('heading', { name: '与平台同步' })).toBeVisible();

  // A machine that sold something, over yesterday and today (the twin's history).
  const sold = new Map<string, number>();
  for (const t of twin.twin.trades.values())
    if (t.payStatus === 1) sold.set(t.assetId, (sold.get(t.assetId) ?? 0) + 1);
  const assetId = [...sold].sort((a, b) => b[1] - a[1])[0]![0];
  const reconcileForm = page.getByRole('form', { name: '对账' });
  await reconcileForm.getByLabel('售货机').fill(assetId);
  await reconcileForm.getByLabel('开始日期').fill(localDay(Date.now() - 86_400_000));
  await reconcileForm.getByLabel('结束日期').fill(localDay(Date.now()));
  await reconcileForm.getByRole('button', { name: '对比' }).click();
  const result = page.getByTestId('reconcile-result');
  await expect(result.getByTestId('reconcile-verdict')).toHaveText('数据不一致');
  await expect(result.getByTestId('line-total')).toHaveClass(/bg-red-50/);

  // One click pulls that machine's trades of the window; then the figures agree.
  await result.getByRole('button', { name: '补录该时段' }).click();
  await expect(result.getByText(/补录已排队（运行 \d+）/)).toBeVisible();
  const backfillRun = page.locator('tr[data-testid^="run-"]').first();
  await expect(backfillRun.getByTestId('run-state')).toHaveText('成功', { timeout: 60_000 });
  await result.getByRole('button', { name: '重新对比' }).click();
  await expect(result.getByTestId('reconcile-verdict')).toHaveText('数据一致');
  await expect(result.getByTestId('line-total')).not.toHaveClass(/bg-red-50/);

  // A sync started from the form runs to its end, with its counts.
  const startForm = page.getByRole('form', { name: '启动同步' });
  await startForm.getByLabel('任务').selectOption('sites');
  await startForm.getByRole('button', { name: '启动' }).click();
  const notice = startForm.getByRole('status');
  await expect(notice).toHaveText(/运行 \d+ 已排队/);
  const runId = /运行 (\d+)/.exec(await notice.innerText())![1];
  const row = page.getByTestId(`run-${runId}`);
  await expect(row.getByTestId('run-state')).toHaveText('成功', { timeout: 60_000 });
  await expect(row).toContainText('已处理 4');
  await expect(row).toContainText('点位与售货机');

  // In English, with the backfill's window on the page, it hydrates without an error (the
  // window's dates once rendered differently in Node and Chromium: issue 18).
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await chooseLanguage(page, 'en');
  await expect(page.getByRole('heading', { name: 'Sync with the platform' })).toBeVisible();
  await page.reload();
  const windowed = page
    .locator('tr[data-testid^="run-"]')
    .filter({ hasText: /[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2} – / });
  await expect(windowed.first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(errors).toEqual([]);
  await chooseLanguage(page, 'zh-CN');

  // The machines it brought in are on the machine list.
  await page.goto('/machines');
  await expect(page.getByText(assetId).filter({ visible: true }).first()).toBeVisible();
  expect(violations).toEqual([]);
});

test('request a code the platform issues from the pickup-codes page', async ({ page }) => {
  const violations = watchCsp(page);
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto('/pickup-codes');
  const form = page.getByRole('form', { name: '向平台申请取货码' });
  const assetId = twin.twin.fleet.machines[0]!.assetId;
  await form.getByLabel('机器（资产编号，留空：任意）').fill(assetId);
  await form.getByRole('button', { name: '申请' }).click();
  const code = form.getByTestId('platform-code');
  await expect(code).toHaveText(/^\d{7}$/);
  expect(twin.twin.pickupCodes.get(await code.innerText())).toMatchObject({ assetId });
  expect(violations).toEqual([]);
});

test("a machine's codes: /pickup-codes?assetId=X opens filtered to that machine", async ({
  page,
}) => {
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const [a, b] = twin.twin.fleet.machines.map((m) => m.assetId);
  const issue = async (assetId: string) => {
    const r = await page.request.post('/api/v1/pickup-codes', {
      headers: { origin: new URL(page.url()).origin },
      data: { assetId },
    });
    expect(r.status()).toBe(201);
    return ((await r.json()) as { items: { code: string }[] }).items[0]!.code;
  };
  const mine = await issue(a!);
  const other = await issue(b!);
  await page.goto(`/pickup-codes?assetId=${a}`);
  await expect(page.getByTestId(`code-${mine}`)).toBeVisible();
  await expect(page.getByTestId(`code-${other}`)).toHaveCount(0);
  await expect(page.getByRole('search').getByLabel('机器')).toHaveValue(a!);
});

test.afterAll(async ({ browser }) => {
  await twin?.close();
  // Leave no platform account behind for the other specs' server.
  if (!credentialId) return;
  const page = await browser.newPage();
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.request.delete(`/api/v1/settings/credentials/${credentialId}`, {
    headers: { origin: new URL(page.url()).origin },
  });
  await page.close();
});
