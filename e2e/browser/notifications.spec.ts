import { expect, test, type Page } from '@playwright/test';
import { AT_ONCE } from '../support/alerts';
import { reportCondition } from '@/lib/alerts/conditions';
import { E2E_ADMIN, E2E_APP_SECRET } from '../../playwright.config';
import { insertWebhookChannel, startReceiver } from '../support/notifications';
import { withPeek } from '../support/peek';
import { chooseLanguage, signInAs, watchCsp } from './sign-in';

/**
 * Settings → Notifications: an admin adds a rule from the form, an alert it takes is delivered
 * and shows in the delivery log with the channel's answer, a channel that answers 500 shows
 * its answer while it retries; both languages, at phone and desk widths. Alerts are raised as
 * the evaluator raises them (reportCondition on the server's database, either engine).
 */
let receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];
const file = () => process.env.E2E_DATABASE_URL!;

test.afterAll(async () => {
  for (const r of receivers) await r.close();
  receivers = [];
});

async function raise(assetId: string) {
  await withPeek({ databaseUrl: file() }, (p) =>
    reportCondition(p.app(), {
      rule: AT_ONCE,
      kind: 'offline',
      assetId,
      holding: true,
      now: Math.floor(Date.now() / 1000),
    }),
  );
}

async function noSidewaysScroll(page: Page) {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  expect(scroll).toBeLessThanOrEqual(inner);
}

test('a rule added from the page sends an alert, and the delivery log shows what each channel answered', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const violations = watchCsp(page);
  const good = await startReceiver();
  const down = await startReceiver();
  down.answerWith(() => 500);
  receivers.push(good, down);
  await insertWebhookChannel({ databaseUrl: file() }, E2E_APP_SECRET, '值班群', good.url);
  await insertWebhookChannel({ databaseUrl: file() }, E2E_APP_SECRET, 'Broken hook', down.url);

  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto('/admin/notifications');
  await expect(page.getByText('尚无规则：告警不会发送到任何地方。')).toBeVisible();

  // Two rules from the form: offline machines to each channel.
  for (const channel of ['值班群', 'Broken hook']) {
    const form = page.locator('form', { has: page.getByRole('heading', { name: '添加规则' }) });
    await form.locator('select[name="channelId"]').selectOption({ label: channel });
    await form.getByRole('checkbox', { name: '离线' }).check();
    await form.getByRole('button', { name: '创建' }).click();
    await expect(
      page
        .getByRole('region', { name: '通知规则' })
        .getByRole('cell', { name: channel, exact: true }),
    ).toBeVisible();
  }

  await raise('E2E-N1');
  await expect.poll(() => good.accepted().length, { timeout: 10_000 }).toBe(1);
  expect(good.received[0]!.body).toMatchObject({
    event: 'alert.opened',
    alert: { kind: 'offline', assetId: 'E2E-N1', state: 'open' },
  });
  await expect.poll(() => down.received.length, { timeout: 10_000 }).toBeGreaterThan(0);

  await page.reload();
  const log = page.getByTestId('delivery');
  await expect(log).toHaveCount(2);
  await expect(log.filter({ hasText: '值班群' })).toContainText('已送达');
  await expect(log.filter({ hasText: '值班群' })).toContainText('已接受 · 200 · ok');
  await expect(log.filter({ hasText: 'Broken hook' })).toContainText('发送中');
  await expect(log.filter({ hasText: 'Broken hook' })).toContainText('500 · receiver down');

  // The state filter.
  await page.getByLabel('状态').selectOption({ label: '已送达' });
  await expect(log).toHaveCount(1);
  await expect(log).toContainText('值班群');
  await page.getByLabel('状态').selectOption({ label: '全部状态' });
  await expect(log).toHaveCount(2);

  for (const [locale, width] of [
    ['zh-CN', 1440],
    ['zh-CN', 390],
    ['en', 390],
    ['en', 1440],
  ] as const) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    if (locale === 'en' && width === 390) await chooseLanguage(page, 'en');
    await page.goto('/admin/notifications');
    await expect(page.getByTestId('delivery')).toHaveCount(2);
    await noSidewaysScroll(page);
    await page.screenshot({
      path: test.info().outputPath(`notifications-${locale}-${width}.png`),
      fullPage: true,
    });
  }
  await expect(page.getByRole('heading', { name: 'Delivery log' })).toBeVisible();
  await expect(page.getByTestId('delivery').filter({ hasText: 'Broken hook' })).toContainText(
    'Sending',
  );

  // Deleting a rule: it leaves the list (its deliveries stay in the log).
  const rules = page.getByRole('region', { name: 'Rules' });
  await rules
    .getByRole('row', { name: /Broken hook/ })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(rules.getByRole('cell', { name: 'Broken hook', exact: true })).toHaveCount(0);
  await expect(rules.getByRole('cell', { name: '值班群', exact: true })).toHaveCount(1);
  expect(violations).toEqual([]);
});
