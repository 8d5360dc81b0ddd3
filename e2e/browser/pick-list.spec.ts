import { expect, test } from '@playwright/test';
import { E2E_ADMIN, E2E_CLIENT } from '../../playwright.config';
import { chooseLanguage, signInAs, watchCsp } from './sign-in';
import { signedBody, type PushKind } from '../support/push';
import { deviceMessage, refillMessage, statusMessage, tradeMessage } from '../support/messages';

/**
 * A route planner's morning: from the overview's sold-out alerts to a printed pick list, by
 * clicking, on a desk and on a phone, in both languages.
 */
async function push(baseURL: string, kind: PushKind, payload: Record<string, unknown>) {
  const r = await fetch(`${baseURL}/api/notify/${kind}`, {
    method: 'POST',
    body: signedBody(E2E_CLIENT, payload),
  });
  expect(await r.json()).toEqual({ result: 'SUCCESS' });
}

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
    body: JSON.stringify({ email, name: '线路规划员', role: 'planner', password }),
  });
  expect(r.status).toBe(201);
}

const WORDS = {
  'zh-CN': { link: '为售空机器生成拣货单', signature: '装货人', nav: '主导航', print: '打印' },
  en: {
    link: 'Pick list for the sold-out machines',
    signature: 'Loaded by',
    nav: 'Main navigation',
    print: 'Print',
  },
} as const;

const SIZES = { desk: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } };

for (const locale of ['zh-CN', 'en'] as const)
  for (const [size, viewport] of Object.entries(SIZES))
    test(`a planner builds a pick list from the sold-out alerts (${locale}, ${size})`, async ({
      page,
      baseURL,
    }) => {
      await page.setViewportSize(viewport);
      const tag = `${Date.now().toString(36)}${size[0]}${locale[0]}`.toUpperCase();
      const M = `E2E-K${tag}`;
      const now = Math.floor(Date.now() / 1000);
      const shelf = (id: string, goods: string, name: string, capacity: number) => ({
        location_id: id,
        goods_id: `g-${goods}-${tag}`,
        goods_name: `${name} ${tag}`,
        price: '300',
        capacity,
        valve: 2,
      });
      await push(
        baseURL!,
        'device',
        deviceMessage(M, {
          name: `拣货机 ${tag}`,
          siteName: `拣货站 ${tag}`,
          containers: [
            {
              cid: M,
              type: 1,
              shelves: [
                shelf('1', 'water', '矿泉水', 24),
                shelf('2', 'cola', '可乐', 10),
                shelf('3', 'juice', '橙汁', 8),
              ],
            },
          ],
        }),
      );
      const settled = (id: string, goods: string, stock: number) => ({
        cid: M,
        locationId: id,
        goodsId: `g-${goods}-${tag}`,
        goodsName: goods,
        stock,
        refillCount: stock,
        paySales: [],
      });
      // Every shelf full an hour ago.
      await push(
        baseURL!,
        'refill',
        refillMessage(M, now - 3600, {
          shelfPaySales: [
            settled('1', 'water', 24),
            settled('2', 'cola', 10),
            settled('3', 'juice', 8),
          ],
        }),
      );
      // Water sold out (→ 24), 4 colas sold (→ 4), juice untouched (→ 0: no row).
      for (const [id, goods, n, count] of [
        ['1', 'water', '6901', '2'],
        ['2', 'cola', '6902', '4'],
      ] as const)
        await push(
          baseURL!,
          'trade',
          tradeMessage(`k-${tag}-${id}`, M, {
            locationId: id,
            goodsId: `g-${goods}-${tag}`,
            goodsName: `${goods} ${tag}`,
            goodsNumber: `${n}${tag}`,
            payTime: String(now - 900),
            count,
          }),
        );
      await push(
        baseURL!,
        'status',
        statusMessage(M, {
          online: 1,
          shelvesState: [{ cid: M, shelvesId: '1', state: 1, soldoutTime: String(now - 300) }],
        }),
      );

      const email = `picker-${tag.toLowerCase()}@e2e.local`;
      await makePlanner(baseURL!, email, 'e2e-picker-password');
      const violations = watchCsp(page);
      await signInAs(page, email, 'e2e-picker-password');
      if (locale === 'en') await chooseLanguage(page, 'en');
      const w = WORDS[locale];

      await page.goto('/');
      await expect(page.getByTestId(`alert-soldOut-${M}`)).toBeVisible();
      await page.getByRole('link', { name: w.link }).click();
      await expect(page).toHaveURL(/\/pick-lists\?assetIds=/);

      // Goods by number and name, with the right units; the full juice shelf is not there.
      const water = page.getByTestId(`goods-g-water-${tag}`);
      await expect(water).toContainText(`矿泉水 ${tag}`);
      await expect(water).toContainText(`6901${tag}`);
      await expect(water.getByTestId('goods-units')).toHaveText('24');
      const cola = page.getByTestId(`goods-g-cola-${tag}`);
      await expect(cola).toContainText(`6902${tag}`);
      await expect(cola.getByTestId('goods-units')).toHaveText('4');
      await expect(page.getByTestId(`goods-g-juice-${tag}`)).toHaveCount(0);
      await expect(page.getByText(/g-(water|cola|juice)-/)).toHaveCount(0);

      const list = page.getByTestId(`checklist-${M}`);
      await expect(list.getByTestId('machine-units')).toContainText('28');
      await expect(list.getByTestId('shelf-row')).toHaveCount(2);
      await expect(list).not.toContainText(`橙汁 ${tag}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        viewport.width,
      );

      // On paper: tick boxes and a signature line, no shell, no buttons.
      await page.emulateMedia({ media: 'print' });
      await expect(page.getByRole('navigation', { name: w.nav })).toBeHidden();
      await expect(page.getByRole('button', { name: w.print })).toBeHidden();
      await expect(list.getByTestId('tick-box').first()).toBeVisible();
      await expect(list.getByTestId('signature')).toContainText(w.signature);
      await expect(water).toBeVisible();
      expect(violations).toEqual([]);
    });

test('eight machines with six shelves to load each print on three A4 pages', async ({
  page,
  baseURL,
}) => {
  const tag = Date.now().toString(36).toUpperCase();
  const now = Math.floor(Date.now() / 1000);
  const ids = Array.from({ length: 8 }, (_, i) => `E2E-A4${tag}-${i}`);
  for (const M of ids) {
    const shelves = Array.from({ length: 10 }, (_, k) => ({
      location_id: String(k + 1),
      goods_id: `g-a4-${k}`,
      goods_name: `瓶装饮料第 ${k + 1} 款`,
      price: '300',
      capacity: 12,
      valve: 2,
    }));
    await push(
      baseURL!,
      'device',
      deviceMessage(M, { containers: [{ cid: M, type: 1, shelves }] }),
    );
    // Four shelves full (no row), six with 7 to load.
    const stock = shelves.map((s, k) => ({
      cid: M,
      locationId: s.location_id,
      goodsId: s.goods_id,
      goodsName: s.goods_name,
      stock: k % 5 < 2 ? 12 : 5,
      refillCount: 5,
      paySales: [],
    }));
    await push(baseURL!, 'refill', refillMessage(M, now - 3600, { shelfPaySales: stock }));
  }
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto(`/pick-lists?assetIds=${ids.join(',')}`);
  await expect(page.getByTestId('shelf-row')).toHaveCount(48);
  await page.emulateMedia({ media: 'print' });
  const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
  expect(pdf.match(/\/Type\s*\/Page[^s]/g)).toHaveLength(3);
});

test('a pick list link naming too many or unknown machines says so in words', async ({ page }) => {
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const many = Array.from({ length: 101 }, (_, i) => `X${i}`).join(',');
  await page.goto(`/pick-lists?assetIds=${many}`);
  await expect(page.getByTestId('selection-problem')).toHaveText(
    '一张拣货单最多 100 台机器、20 条线路，请少选一些。',
  );
  await page.goto('/pick-lists?assetIds=NO-SUCH-MACHINE');
  await expect(page.getByTestId('selection-problem')).toHaveText(
    '所选机器中有一台不存在（或已删除）。',
  );
  await page.goto('/pick-lists?lineIds=999999');
  await expect(page.getByTestId('selection-problem')).toHaveText(
    '所选线路中有一条不存在（或已删除）。',
  );
});
