import { expect, test } from '@playwright/test';
import { E2E_ADMIN, E2E_CLIENT } from '../../playwright.config';
import { signInAs, watchCsp } from './sign-in';
import { deviceMessage } from '../support/messages';
import { signedBody } from '../support/push';

test('a machine whose asset id has a space, CJK and + opens from the machine list', async ({
  page,
  baseURL,
}) => {
  // Its own machine and line per run: a retry meets the database the first try left.
  const run = Date.now().toString(36).toUpperCase();
  const id = `CN 测试+${run}`;
  const line = `E2E 编号线 ${run}`;
  const r = await fetch(`${baseURL}/api/notify/device`, {
    method: 'POST',
    body: signedBody(E2E_CLIENT, deviceMessage(id, { name: '奇异编号机', lineName: line })),
  });
  expect(await r.json()).toEqual({ result: 'SUCCESS' });

  const violations = watchCsp(page);
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto(`/machines?line=${encodeURIComponent(line)}`);
  await page.getByRole('link', { name: id, exact: true }).click();
  await expect(page).toHaveURL(`/machines/${encodeURIComponent(id)}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('奇异编号机');
  await expect(page.getByText(id, { exact: true }).first()).toBeVisible();

  // Opened directly (a bookmark, a reload) it is the same page, not the app's 404.
  const direct = await page.reload();
  expect(direct?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('奇异编号机');
  expect(violations).toEqual([]);
});
