import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { E2E_ADMIN, E2E_CLIENT } from '../../playwright.config';
import { signInAs, watchCsp } from './sign-in';
import { signedBody, type PushKind } from '../support/push';
import { deviceMessage, refillMessage, statusMessage, tradeMessage } from '../support/messages';

async function push(baseURL: string, kind: PushKind, payload: Record<string, unknown>) {
  const r = await fetch(`${baseURL}/api/notify/${kind}`, {
    method: 'POST',
    body: signedBody(E2E_CLIENT, payload),
  });
  expect(await r.json()).toEqual({ result: 'SUCCESS' });
}

/** A planner of its own, made by the admin over the API (the users page has its own test). */
async function makePlanner(baseURL: string, email: string, password: string) {
  const login = await fetch(`${baseURL}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseURL },
    body: JSON.stringify(E2E_ADMIN),
  });
  const cookie = /vf_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
  const r = await fetch(`${baseURL}/api/v1/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseURL, cookie },
    body: JSON.stringify({ email, name: '规划员', role: 'planner', password }),
  });
  expect(r.status).toBe(201);
}

const stock = (assetId: string, ginger: number, tea: number) =>
  [
    ['1', 'g-ginger', '三得利蜜香暖姜', ginger],
    ['2', 'g-tea', '统一冰绿茶', tea],
  ].map(([locationId, goodsId, goodsName, n]) => ({
    cid: assetId,
    locationId,
    goodsId,
    goodsName,
    stock: n,
    refillCount: n,
    paySales: [],
  }));

test('a planner opens a line, finds the sold-out machine ranked first, builds a run and downloads its pick list', async ({
  page,
  baseURL,
}) => {
  // Machines and a line of their own per run: a retry meets the database the first try left.
  const tag = Date.now().toString(36).toUpperCase();
  const LINE = `E2E 规划线 ${tag}`;
  const [EMPTY, FULL, NEW] = ['S', 'F', 'U'].map((k) => `E2E-P${k}${tag}`) as [
    string,
    string,
    string,
  ];
  const now = Math.floor(Date.now() / 1000);
  const at = (siteName: string, longitude: number, latitude: number) => ({
    lineName: LINE,
    siteName: `${siteName} ${tag}`,
    location: { longitude, latitude },
  });
  await push(
    baseURL!,
    'device',
    deviceMessage(EMPTY, { name: '售空机', ...at('西单', 116.3742, 39.9074) }),
  );
  await push(
    baseURL!,
    'device',
    deviceMessage(FULL, { name: '满货机', ...at('西直门', 116.3551, 39.9407) }),
  );
  await push(
    baseURL!,
    'device',
    deviceMessage(NEW, { name: '新机器', ...at('北京南站', 116.3785, 39.8652) }),
  );
  // EMPTY: ginger reports sold out two hours ago (→ 20), tea full (→ 0).
  await push(
    baseURL!,
    'refill',
    refillMessage(EMPTY, now - 5 * 3600, { shelfPaySales: stock(EMPTY, 15, 12) }),
  );
  await push(
    baseURL!,
    'status',
    statusMessage(EMPTY, {
      online: 0,
      shelvesState: [{ cid: EMPTY, shelvesId: '1', state: 1, soldoutTime: String(now - 7200) }],
    }),
  );
  // FULL: ginger 20 of 20 (→ 0), tea 10 less 3 sold (→ 5).
  await push(
    baseURL!,
    'refill',
    refillMessage(FULL, now - 3600, { shelfPaySales: stock(FULL, 20, 10) }),
  );
  await push(
    baseURL!,
    'trade',
    tradeMessage(`e2e-p-${tag}`, FULL, { payTime: String(now - 600), count: '3', locationId: '2' }),
  );

  const email = `planner-${tag.toLowerCase()}@e2e.local`;
  await makePlanner(baseURL!, email, 'e2e-planner-password');
  const violations = watchCsp(page);
  await signInAs(page, email, 'e2e-planner-password');

  await page.goto('/lines');
  await expect(page.getByRole('heading', { name: '线路', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: LINE }).click();
  await expect(page.getByRole('heading', { name: LINE, level: 1 })).toBeVisible();

  // The map draws the three sites, joined in visiting order, and lists them for screen readers.
  const map = page.getByTestId('site-map');
  await expect(map.locator('[data-testid^="map-site-"]')).toHaveCount(3);
  await expect(map.getByTestId('route-line')).toBeVisible();
  await expect(page.getByTestId('visit-order').getByRole('listitem')).toHaveCount(3);
  await map.focus();
  await page.keyboard.press('=');
  await expect(map).toHaveAttribute('data-zoom', '1.5');
  await page.keyboard.press('0');
  await expect(map).toHaveAttribute('data-zoom', '1');

  // Rank 1 is the machine with the sold-out shelf, and it says so.
  const first = page.getByTestId('rank-1');
  await expect(first).toHaveAttribute('data-asset-id', EMPTY);
  await expect(first.getByTestId('reasons')).toContainText('1 个货道售空，最长 2 小时');
  await expect(page.getByTestId('rank-2')).toHaveAttribute('data-asset-id', NEW);
  await expect(page.getByTestId('rank-2')).toContainText('没有已知的补货记录');

  await page.getByRole('checkbox', { name: '将 售空机 加入行程' }).check();
  await page.getByRole('checkbox', { name: '将 满货机 加入行程' }).check();
  await expect(page.getByTestId('run-summary')).toHaveText('已选 2 台机器 · 需装货 25 件');
  await page.getByRole('button', { name: '生成行程和拣货单' }).click();

  await expect(page).toHaveURL(/\/pick-lists\?run=\d+$/);
  await expect(page.getByRole('heading', { name: /^拣货单：行程 \d+$/ })).toBeVisible();
  await expect(page.getByTestId('goods-g-ginger').getByTestId('goods-units')).toHaveText('20');
  await expect(page.getByTestId('goods-g-tea').getByTestId('goods-units')).toHaveText('5');
  await expect(page.getByTestId('total-units')).toHaveText('25');
  // FULL's ginger shelf is full: only its tea shelf is on the checklist, by goods number.
  await expect(page.getByTestId(`checklist-${FULL}`).getByTestId('shelf-row')).toHaveText([
    /^2统一冰绿茶2345464676.*5$/,
  ]);
  await expect(page.getByTestId(`stop-${FULL}`)).toContainText('尚未');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: '下载 CSV' }).click(),
  ]);
  const csv = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
  const rows = csv
    .trim()
    .split('\r\n')
    .slice(1)
    .map((l) => l.split(','));
  const goods = Object.fromEntries(
    rows.filter((r) => r[0] === '商品合计').map((r) => [r[2], Number(r[3])]),
  );
  const shelves = rows.filter((r) => r[0] === '货道');
  expect(goods).toEqual({ 三得利蜜香暖姜: 20, 统一冰绿茶: 5 });
  for (const [name, units] of Object.entries(goods))
    expect(shelves.filter((r) => r[2] === name).reduce((n, r) => n + Number(r[3]), 0)).toBe(units);
  // Shelves needing nothing are left out: machine, shelf, capacity, estimate, units.
  expect(shelves.map((r) => [r[5], r[8], r[9], r[10], r[3]])).toEqual([
    [EMPTY, '1', '20', '0', '20'],
    [FULL, '2', '12', '7', '5'],
  ]);

  // The van reaches the first stop: its settlement marks the machine served on the open page.
  await push(baseURL!, 'refill', refillMessage(EMPTY, Math.floor(Date.now() / 1000) + 5));
  await expect(page.getByTestId(`stop-${EMPTY}`)).toContainText('已于', { timeout: 25_000 });
  await expect(page.getByTestId('served-count')).toHaveText('已补 1 / 2');

  // Printed, the sheet leaves out the app's shell and the buttons.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: '主导航' })).toBeHidden();
  await expect(page.getByRole('button', { name: '打印' })).toBeHidden();
  await expect(page.getByTestId('total-units')).toBeVisible();
  expect(violations).toEqual([]);
});
