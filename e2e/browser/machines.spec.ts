import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN, E2E_CLIENT } from '../../playwright.config';
import { signInAs, watchCsp } from './sign-in';
import { signedBody, type PushKind } from '../support/push';
import { deviceMessage, statusMessage } from '../support/messages';

const LINE_A = 'E2E 机列甲线';
const LINE_B = 'E2E 机列乙线';

async function push(baseURL: string, kind: PushKind, payload: Record<string, unknown>) {
  const r = await fetch(`${baseURL}/api/notify/${kind}`, {
    method: 'POST',
    body: signedBody(E2E_CLIENT, payload),
  });
  expect(await r.json()).toEqual({ result: 'SUCCESS' });
}

/** Three machines of our own on two lines (other specs' machines share the server). */
test.beforeAll(async ({ baseURL }) => {
  const device = (assetId: string, name: string, lineName: string) =>
    push(baseURL!, 'device', deviceMessage(assetId, { name, lineName, siteName: `${name} 站` }));
  await device('E2E-M01', 'Mango', LINE_A);
  await device('E2E-M02', 'Apple', LINE_A);
  await device('E2E-M03', 'Kiwi', LINE_B);
  for (const assetId of ['E2E-M01', 'E2E-M03'])
    await push(
      baseURL!,
      'status',
      statusMessage(assetId, {
        online: 0,
        shelvesState: [{ cid: assetId, shelvesId: '1', state: 1 }],
      }),
    );
});

const row = (page: Page, assetId: string) => page.getByTestId(`machine-${assetId}`);
const rowIds = (page: Page) =>
  page
    .locator('[role="row"][data-testid^="machine-"]')
    .evaluateAll((rows) =>
      rows.map((r) => r.getAttribute('data-testid')!.slice('machine-'.length)),
    );

test('filters narrow the list, live in the URL, survive a reload and go back', async ({ page }) => {
  const violations = watchCsp(page);
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto('/machines');
  await expect(page.getByRole('heading', { name: '售货机' })).toBeVisible();
  for (const id of ['E2E-M01', 'E2E-M02', 'E2E-M03']) await expect(row(page, id)).toBeVisible();

  await page.getByLabel('线路', { exact: true }).selectOption(LINE_A);
  await expect(row(page, 'E2E-M03')).toBeHidden();
  await expect(row(page, 'E2E-M01')).toBeVisible();
  await expect(row(page, 'E2E-M02')).toBeVisible();
  await expect(page).toHaveURL(
    new RegExp(`line=${encodeURIComponent(LINE_A).replace(/%20/g, '\\+')}`),
  );
  await expect(page.getByTestId('machine-count')).toHaveText('共 2 台');

  await page.getByLabel('售空', { exact: true }).selectOption('true');
  await expect(row(page, 'E2E-M02')).toBeHidden();
  await expect(row(page, 'E2E-M01')).toBeVisible();
  await expect(page).toHaveURL(/soldOut=true/);
  await expect(row(page, 'E2E-M01')).toContainText('1 / 2');

  await page.reload();
  await expect(page.getByLabel('线路', { exact: true })).toHaveValue(LINE_A);
  await expect(page.getByLabel('售空', { exact: true })).toHaveValue('true');
  await expect(row(page, 'E2E-M01')).toBeVisible();
  await expect(row(page, 'E2E-M02')).toBeHidden();
  await expect(row(page, 'E2E-M03')).toBeHidden();

  await page.goBack();
  await expect(page).not.toHaveURL(/soldOut/);
  await expect(row(page, 'E2E-M02')).toBeVisible();
  await expect(row(page, 'E2E-M03')).toBeHidden();

  await page.getByRole('searchbox').fill('kiwi');
  await expect(page).toHaveURL(/q=kiwi/);
  await expect(page.getByText('没有符合筛选条件的售货机。')).toBeVisible();
  await page.getByRole('button', { name: '清除筛选' }).click();
  await expect(row(page, 'E2E-M03')).toBeVisible();
  await expect(page.getByRole('searchbox')).toHaveValue('');
  expect(violations).toEqual([]);
});

test('a column header sorts the rows and says so', async ({ page }) => {
  const violations = watchCsp(page);
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto(`/machines?line=${encodeURIComponent(LINE_A)}`);
  await expect(row(page, 'E2E-M02')).toBeVisible();
  expect(await rowIds(page)).toEqual(['E2E-M01', 'E2E-M02']);

  const name = page.getByRole('columnheader', { name: '名称' });
  await expect(name).not.toHaveAttribute('aria-sort');
  await page.getByRole('button', { name: '名称', exact: true }).click();
  await expect(name).toHaveAttribute('aria-sort', 'ascending');
  await expect(page).toHaveURL(/sort=name/);
  await expect.poll(() => rowIds(page)).toEqual(['E2E-M02', 'E2E-M01']);

  await page.getByRole('button', { name: '名称', exact: true }).click();
  await expect(name).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => rowIds(page)).toEqual(['E2E-M01', 'E2E-M02']);
  await expect(page.getByRole('table', { name: '售货机' })).toHaveAttribute('aria-rowcount', '3');
  expect(violations).toEqual([]);
});

test('the language switch changes the page’s strings', async ({ page }) => {
  const violations = watchCsp(page);
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto(`/machines?line=${encodeURIComponent(LINE_B)}`);
  await expect(page.getByTestId('machine-count')).toHaveText('共 1 台');
  await expect(row(page, 'E2E-M03')).toContainText('在线');

  await page.getByLabel('语言').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Machines' })).toBeVisible();
  await expect(page.getByTestId('machine-count')).toHaveText('Machines: 1');
  await expect(page.getByRole('columnheader', { name: 'Asset ID' })).toBeVisible();
  await expect(page.getByLabel('Line', { exact: true })).toHaveValue(LINE_B);
  await expect(row(page, 'E2E-M03')).toContainText('Online');
  await expect(page.getByTestId('machines-as-of')).toContainText('Data as of');
  expect(violations).toEqual([]);
});
