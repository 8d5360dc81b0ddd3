import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN, E2E_CLIENT } from '../../playwright.config';
import { signedBody, type PushKind } from '../support/push';
import { deviceMessage, refillMessage, tradeMessage } from '../support/messages';
import { formatFen } from '@/lib/money';
import { signInAs, watchCsp } from './sign-in';

async function push(baseURL: string, kind: PushKind, payload: Record<string, unknown>) {
  const r = await fetch(`${baseURL}/api/notify/${kind}`, {
    method: 'POST',
    body: signedBody(E2E_CLIENT, payload),
  });
  expect(await r.json()).toEqual({ result: 'SUCCESS' });
}

/** 2025-03-10 00:00 in Asia/Shanghai: a week nobody else's trades fall in. */
const DAY0 = 1_741_536_000;
const WEEK = { startTime: DAY0, endTime: DAY0 + 7 * 86_400 - 1 };

async function figure(page: Page, id: string) {
  return page.getByTestId(`${id}-value`).innerText();
}

test('the statistics page shows the same totals as the API for a range', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const violations = watchCsp(page);
  await push(baseURL!, 'device', deviceMessage('SALES-E2E', { name: '统计一号机' }));
  const sale = (id: string, t: number, o: Record<string, unknown> = {}) =>
    push(baseURL!, 'trade', tradeMessage(id, 'SALES-E2E', { payTime: String(t), ...o }));
  await sale('se-1', DAY0 + 3600, { price: '1250' });
  await sale('se-2', DAY0 + 86_400, { payStyle: '4', price: '500' });
  await sale('se-3', DAY0 + 2 * 86_400, { payStyle: '3', price: '330' });
  await sale('se-3', DAY0 + 2 * 86_400, {
    payStyle: '3',
    price: '330',
    refundStatus: '2',
    refundFee: '330',
  });
  await sale('se-4', DAY0 + 3 * 86_400, { payStyle: '8', price: '300' });
  await sale('se-5', DAY0 + 8 * 86_400, { price: '999' }); // after the week

  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto('/sales');
  // A custom range through the form, as a person would pick it.
  await page.getByLabel('开始日期').fill('2025-03-10');
  await page.getByLabel('结束日期').fill('2025-03-16');
  await page.getByRole('button', { name: '查看' }).click();
  await expect(page).toHaveURL(/range=custom&from=2025-03-10&to=2025-03-16/);
  await expect(page.getByTestId('sales-range')).toContainText('2025');

  const api = await page.request.get(
    `/api/v1/stats/sales/report?startTime=${WEEK.startTime}&endTime=${WEEK.endTime}`,
  );
  const report = (await api.json()) as {
    statistic: Record<string, number>;
    grossAmount: number;
  };
  const s = report.statistic;
  expect(s).toMatchObject({ count: 3, amount: 1750, refundAmount: 330, gameAmount: 300 });
  const yuan = (fen: number) => formatFen(fen, 'zh-CN');
  await expect(page.getByTestId('total-net-value')).toHaveText(yuan(s.amount!));
  expect(await figure(page, 'total-gross')).toBe(yuan(report.grossAmount));
  expect(await figure(page, 'total-refunds')).toBe(yuan(s.refundAmount!));
  expect(await figure(page, 'total-units')).toBe(String(s.count));
  expect(await figure(page, 'total-online')).toBe(yuan(s.onlineAmount!));
  expect(await figure(page, 'total-offline')).toBe(yuan(s.outlineAmount!));
  expect(await figure(page, 'total-game')).toBe(yuan(s.gameAmount!));
  // The §5.1 API's fleet total for the same range agrees.
  const statistic = await page.request.get(
    `/api/v1/stats/sales?startTime=${WEEK.startTime}&endTime=${WEEK.endTime}`,
  );
  expect(((await statistic.json()) as { total: { amount: number } }).total.amount).toBe(s.amount);
  await expect(page.getByTestId('machine-SALES-E2E')).toContainText('统计一号机');
  await expect(page.getByTestId('timeline-chart').locator('svg.recharts-surface')).toBeVisible();

  // A payment filter narrows the totals to it.
  await page.getByRole('combobox', { name: '支付方式' }).selectOption('4');
  await expect(page.getByTestId('total-net-value')).toHaveText(yuan(500));
  await expect(page).toHaveURL(/pay=4/);

  await page.getByLabel('语言').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Sales statistics' })).toBeVisible();
  await expect(page.getByTestId('total-net-value')).toHaveText(formatFen(500, 'en'));
  expect(violations).toEqual([]);
});

test('a seeded variance appears on the right visit and shelf', async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  const violations = watchCsp(page);
  const asset = 'REFILL-E2E';
  await push(baseURL!, 'device', deviceMessage(asset, { name: '补货测试机' }));
  // A month after the statistics test's week, so neither sees the other's trades.
  const first = DAY0 + 30 * 86_400 + 9 * 3600;
  const second = first + 2 * 86_400;
  const tea = (id: string, t: number) =>
    push(baseURL!, 'trade', tradeMessage(id, asset, { payTime: String(t) }));
  await tea('rv-1', first - 3600);
  await tea('rv-2', first + 3600);
  await tea('rv-3', first + 7200);
  const visit = (refillTime: number, lastRefillTime: number, teaUnits: number) => {
    const base = refillMessage(asset, refillTime);
    const pay = [
      { name: 'total', sales: teaUnits * 300, units: teaUnits },
      { name: 'cash', sales: 0, units: 0 },
      { name: 'cashless', sales: teaUnits * 300, units: teaUnits },
      { name: 'wechat', sales: teaUnits * 300, units: teaUnits },
    ];
    return push(baseURL!, 'refill', {
      ...base,
      lastRefillTime,
      paySales: pay,
      shelfPaySales: [{ ...base.shelfPaySales[0]!, paySales: pay }],
    });
  };
  await visit(first, first - 86_400, 1); // matches rv-1
  await visit(second, first, 1); // rv-2 and rv-3 were sold: one short

  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto('/refills');
  await page.getByLabel('机器（资产编号）').fill(asset);
  await page.getByLabel('机器（资产编号）').press('Enter');
  const rows = page.locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).locator('[data-verdict]')).toHaveAttribute('data-verdict', 'variance');
  await expect(rows.nth(1).locator('[data-verdict]')).toHaveAttribute('data-verdict', 'matched');

  await rows
    .nth(0)
    .getByRole('link', { name: /^查看补货记录 / })
    .click();
  await expect(page.getByTestId('visit-verdict')).toContainText('有差异');
  const shelf = page.getByTestId(`shelf-${asset}-2`);
  await expect(shelf).toHaveAttribute('data-status', 'short');
  await expect(page.getByTestId(`shelf-${asset}-2-wechat`)).toContainText('-1');
  await expect(page.getByTestId('payments-total')).toHaveAttribute('data-status', 'short');

  await page.getByLabel('备注').fill('少报一瓶，已与补货员核实');
  await page.getByRole('button', { name: '标记为已审核' }).click();
  await expect(page.getByTestId('review-current')).toContainText('少报一瓶，已与补货员核实');
  await expect(page.getByTestId('review-current')).toContainText(E2E_ADMIN.email);
  expect(violations).toEqual([]);
});
