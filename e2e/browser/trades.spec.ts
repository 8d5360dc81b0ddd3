import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN, E2E_CLIENT } from '../../playwright.config';
import { signedBody, type PushKind } from '../support/push';
import { deviceMessage, refillMessage, tradeMessage } from '../support/messages';
import { formatFen } from '@/lib/money';
import { chooseLanguage, signInAs, watchCsp } from './sign-in';

/**
 * Issue 18 item 10: a finance clerk finds a trade by its order number by clicking (a
 * complaint), on a desk and on a phone, in both languages; and the finance pages (sales,
 * trades, refill visits) fit a phone without sideways scrolling.
 */
async function push(baseURL: string, kind: PushKind, payload: Record<string, unknown>) {
  const r = await fetch(`${baseURL}/api/notify/${kind}`, {
    method: 'POST',
    body: signedBody(E2E_CLIENT, payload),
  });
  expect(await r.json()).toEqual({ result: 'SUCCESS' });
}

const ASSET = 'TRADES-E2E';
const ORDER = 'ORD-20250410-0042';
const GAP = 'TRADES-GAP';
const CLERK = { email: 'clerk@e2e.local', password: 'clerk-password-1' };
/** 2025-04-10 00:00 in Asia/Shanghai: apart from the other specs' weeks. */
const DAY0 = 1_744_214_400;

const TEXT = {
  'zh-CN': {
    nav: '交易查询',
    orderNo: '订单号',
    search: '查询',
    shown: '已显示 1 笔交易',
    refunded: '已退款 ¥12.50',
  },
  en: {
    nav: 'Trades',
    orderNo: 'Order no.',
    search: 'Search',
    shown: '1 trade shown',
    refunded: 'Refunded ¥12.50',
  },
} as const;

test.beforeAll(async ({ baseURL, playwright }) => {
  await push(baseURL!, 'device', deviceMessage(ASSET, { name: '交易测试机' }));
  const sale = (id: string, t: number, o: Record<string, unknown> = {}) =>
    push(baseURL!, 'trade', tradeMessage(id, ASSET, { payTime: String(t), ...o }));
  for (let i = 0; i < 6; i++) await sale(`tq-${i}`, DAY0 + i * 600, { payStyle: '3' });
  await sale('tq-complaint', DAY0 + 3 * 3600, {
    orderNo: ORDER,
    price: '1250',
    deliverStatus: '3',
    refundStatus: '2',
    refundFee: '1250',
  });
  await push(baseURL!, 'refill', { ...refillMessage(ASSET, DAY0 + 86_400), lastRefillTime: DAY0 });
  // A machine that reports sales we never heard of: its visit has trades missing.
  await push(baseURL!, 'device', deviceMessage(GAP, { name: '缺单测试机' }));
  await push(baseURL!, 'refill', refillMessage(GAP, DAY0 + 2 * 86_400));
  // After that visit: on the sales page, not in the visit's window.
  await push(
    baseURL!,
    'trade',
    tradeMessage('tq-gap', GAP, { payTime: String(DAY0 + 3 * 86_400) }),
  );
  // A finance clerk, added by the admin through the API.
  const admin = await playwright.request.newContext({ baseURL });
  const headers = { origin: baseURL! };
  await admin.post('/api/auth/login', { data: E2E_ADMIN, headers });
  const created = await admin.post('/api/v1/users', {
    data: { ...CLERK, name: 'Clerk', role: 'finance' },
    headers,
  });
  expect([201, 409]).toContain(created.status());
  await admin.dispose();
});

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

for (const locale of ['zh-CN', 'en'] as const) {
  for (const width of [1440, 390]) {
    test(`a clerk finds a trade by its order number, ${locale}, ${width} px`, async ({
      page,
    }, info) => {
      test.setTimeout(90_000);
      const t = TEXT[locale];
      const violations = watchCsp(page);
      await page.setViewportSize({ width, height: width < 500 ? 844 : 900 });
      await signInAs(page, CLERK.email, CLERK.password);
      if (locale === 'en') await chooseLanguage(page, 'en');

      // From the navigation (in the menu on a phone) to the trades page.
      const nav = page.getByRole('navigation', { name: /主导航|Main navigation/ });
      if (!(await nav.isVisible()))
        await page.getByRole('button', { name: /^(菜单|Menu)$/ }).click();
      await nav.getByRole('link', { name: t.nav }).click();
      await expect(page).toHaveURL(/\/trades$/);

      await page.getByLabel(t.orderNo).fill(ORDER);
      await page.getByRole('button', { name: t.search, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`orderNo=${ORDER}`));
      await expect(page.getByTestId('trades-count')).toHaveText(t.shown);
      const found = page.locator('[data-testid=trade]:visible');
      await expect(found).toHaveCount(1);
      await expect(found.getByTestId('trade-order')).toHaveText(ORDER);
      await expect(found.getByTestId('trade-amount')).toHaveText(formatFen(1250, locale));
      await expect(found.getByTestId('trade-state')).toContainText(t.refunded);
      await expect(found.getByTestId('trade-machine')).toHaveText('交易测试机');
      await noSidewaysScroll(page);
      await page.screenshot({
        path: info.outputPath(`trades-${locale}-${width}.png`),
        fullPage: true,
      });

      await found.getByTestId('trade-machine').click();
      await expect(page).toHaveURL(new RegExp(`/machines/${ASSET}$`));
      await expect(page.getByRole('heading', { level: 1 })).toContainText('交易测试机');
      expect(violations).toEqual([]);
    });
  }
}

for (const locale of ['zh-CN', 'en'] as const) {
  for (const width of [390, 1440]) {
    test(`the finance pages fit the screen, ${locale}, ${width} px`, async ({ page }, info) => {
      test.setTimeout(120_000);
      const violations = watchCsp(page);
      await page.setViewportSize({ width, height: width < 500 ? 844 : 900 });
      await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
      if (locale === 'en') await chooseLanguage(page, 'en');
      for (const [name, url] of [
        ['sales', `/sales?range=custom&from=2025-04-10&to=2025-04-13&assetId=${ASSET},${GAP}`],
        ['trades', `/trades?assetId=${ASSET}`],
        ['refills', `/refills?assetId=${ASSET}`],
      ] as const) {
        await page.goto(url);
        await page.waitForLoadState('networkidle');
        const shot = info.outputPath(`${name}-${locale}-${width}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        await noSidewaysScroll(page);
        if (name === 'sales' && width > 500) {
          // The machines sort by a column: highest net first, then lowest after a click.
          const rows = page.locator('[data-testid^=machine-]:visible');
          await expect(rows.first()).toHaveAttribute('data-testid', `machine-${ASSET}`);
          await page.getByRole('button', { name: /^(净额|Net)/ }).click();
          await expect(rows.first()).toHaveAttribute('data-testid', `machine-${GAP}`);
          const sorted = page.locator('th[aria-sort]');
          await expect(sorted).toHaveAttribute('aria-sort', 'ascending');
          await expect(sorted).toContainText(/净额|Net/);
          await rows
            .first()
            .getByRole('link', { name: /^(缺单测试机 的交易|Trades of 缺单测试机)$/ })
            .click();
          await expect(page).toHaveURL(new RegExp(`/trades\\?assetId=${GAP}&from=\\d+&to=\\d+`));
          await expect(page.locator('[data-testid=trade]:visible')).toHaveCount(1);
        }
      }
      // The visit shows its figures and verdict, and leads to its trades.
      const visit = page
        .locator('[data-testid^=visit-]:visible')
        .filter({ has: page.locator('[data-verdict]') })
        .first();
      await expect(visit.locator('[data-verdict]')).toBeVisible();
      await visit.getByRole('link', { name: /^(交易|Trades)$/ }).click();
      await expect(page).toHaveURL(/\/trades\?refillId=\d+/);
      await expect(page.locator('[data-testid=trade]:visible')).toHaveCount(7);
      await noSidewaysScroll(page);
      await page
        .getByRole('link', { name: /^(补货记录|Refill visit)$/ })
        .first()
        .click();
      await expect(page).toHaveURL(/\/refills\/\d+$/);
      await page.screenshot({
        path: info.outputPath(`visit-${locale}-${width}.png`),
        fullPage: true,
      });
      await noSidewaysScroll(page);
      expect(violations).toEqual([]);
    });
  }
}

test('a visit with trades missing starts their pull, and links to its trades', async ({ page }) => {
  test.setTimeout(60_000);
  const violations = watchCsp(page);
  await signInAs(page, CLERK.email, CLERK.password);
  await page.goto(`/refills?assetId=${GAP}`);
  const row = page.locator('tbody tr').first();
  await expect(row.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'trades_missing');
  await row.getByRole('link', { name: /^查看补货记录 / }).click();
  const backfill = page.getByTestId('backfill');
  await backfill.getByRole('button', { name: '拉取缺少的交易' }).click();
  await expect(backfill.getByRole('status')).toContainText(/已排队拉取（任务 \d+）/);
  await expect(backfill.getByRole('link', { name: '在同步页面查看进度' })).toHaveAttribute(
    'href',
    '/sync',
  );
  // The run is there on the sync page, for this machine.
  const runs = await page.request.get('/api/v1/sync?job=trades');
  const items = ((await runs.json()) as { items: { params: { assetId?: string } }[] }).items;
  expect(items.some((r) => r.params.assetId === GAP)).toBe(true);

  await page.getByRole('link', { name: '本次补货期间的交易' }).click();
  await expect(page).toHaveURL(/\/trades\?refillId=\d+$/);
  await expect(page.getByTestId('visit-filter')).toBeVisible();
  await expect(page.getByTestId('trades-count')).toHaveText('已显示 0 笔交易');
  expect(violations).toEqual([]);
});
