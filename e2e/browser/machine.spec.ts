import { expect, test } from '@playwright/test';
import { E2E_ADMIN, E2E_CLIENT } from '../../playwright.config';
import { signInAs, watchCsp } from './sign-in';
import { signedBody, type PushKind } from '../support/push';
import { deviceMessage, refillMessage, statusMessage } from '../support/messages';

async function push(baseURL: string, kind: PushKind, payload: Record<string, unknown>) {
  const r = await fetch(`${baseURL}/api/notify/${kind}`, {
    method: 'POST',
    body: signedBody(E2E_CLIENT, payload),
  });
  expect(await r.json()).toEqual({ result: 'SUCCESS' });
}

const temper = (left: number, right: number) => ({
  temperState: [
    {
      cid: 'master',
      temperDetail: {
        cryTemUL: 8,
        cryTemDL: 4,
        leftRmTem: left,
        rightRmTem: right,
        leftRmRef: 1,
        rightRmRef: 1,
        leftRmHeat: 0,
        rightRmHeat: 0,
      },
    },
  ],
});

test('the machine page shows the planogram, follows a sold-out shelf by itself, draws temperatures, in both languages', async ({
  page,
  baseURL,
}) => {
  // A machine of its own per run: a retry meets the server (and database) the first try left.
  const ID = `E2E-M${Date.now().toString(36).toUpperCase()}`;
  await push(baseURL!, 'device', deviceMessage(ID, { name: '望京机房测试机' }));
  await push(baseURL!, 'status', statusMessage(ID, { doorState: 1, isSale: 1 }));
  await push(baseURL!, 'refill', refillMessage(ID, Math.floor(Date.now() / 1000) - 3600));
  for (const [l, r] of [
    [5, 6],
    [6, 6],
    [11, 7],
    [6, 5],
  ] as const)
    await push(baseURL!, 'status', statusMessage(ID, temper(l, r)));

  const violations = watchCsp(page);
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.getByRole('link', { name: ID }).click();
  await expect(page).toHaveURL(`/machines/${ID}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('望京机房测试机');
  // Online is left unreported (the overview's own test counts the fleet's online machines).
  await expect(page.getByTestId('state-online')).toHaveText('在线状态未知');
  await expect(page.getByTestId('state-doorOpen')).toHaveText('门关');

  const ginger = page.getByTestId(`shelf-${ID}-1`);
  const tea = page.getByTestId(`shelf-${ID}-2`);
  await expect(ginger).toContainText('三得利蜜香暖姜');
  await expect(ginger).toContainText('¥5.00');
  await expect(ginger).toContainText('库存未知');
  await expect(tea).toContainText('统一冰绿茶');
  await expect(tea).toContainText('预计库存 12');
  await expect(ginger).toHaveAttribute('data-level', 'unknown');
  await expect(tea).toHaveAttribute('aria-label', /货道 2: 有货; 统一冰绿茶/);

  // The chart draws a line per room and marks the 11 °C reading outside the 4–8 °C band.
  const chart = page.getByTestId('temperature-master');
  await expect(chart.locator('path.recharts-line-curve')).toHaveCount(2);
  await expect(chart.locator('.recharts-scatter-symbol')).toHaveCount(1);
  await expect(chart).toContainText('超出设定范围的读数：1');

  // The platform reports shelf 1 sold out: the open page picks it up without a reload.
  await push(
    baseURL!,
    'status',
    statusMessage(ID, {
      shelvesState: [{ cid: ID, shelvesId: '1', state: 1, soldoutTime: '1760000000' }],
    }),
  );
  await expect(ginger).toHaveAttribute('data-level', 'sold_out', { timeout: 25_000 });
  await expect(ginger).toContainText('售空于');
  await expect(page.getByTestId('shelf-summary')).toContainText('1 个售空');
  await expect(page.getByTestId('event').first()).toContainText(`货道 ${ID}-1 售空`);

  await page.getByRole('radio', { name: '7 天' }).click();
  await expect(page.getByRole('radio', { name: '7 天' })).toHaveAttribute('aria-checked', 'true');
  await expect(chart.locator('path.recharts-line-curve')).toHaveCount(2);

  await page.getByLabel('语言').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Shelves' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Temperatures' })).toBeVisible();
  await expect(ginger).toContainText('Sold out since');
  await expect(tea).toContainText('Est. stock 12');
  await expect(page.getByTestId('recent-trades')).toContainText('Recent trades');
  expect(violations).toEqual([]);
});

test('an unknown machine is a 404 page in the app', async ({ page }) => {
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const r = await page.goto('/machines/NO-SUCH-MACHINE');
  expect(r?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: '找不到这台售货机' })).toBeVisible();
});
