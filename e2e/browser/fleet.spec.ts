import { expect, test } from '@playwright/test';
import { E2E_ADMIN, E2E_CLIENT } from '../../playwright.config';
import { signInAs, watchCsp } from './sign-in';
import { signedBody, type PushKind } from '../support/push';
import { deviceMessage, statusMessage } from '../support/messages';

async function push(baseURL: string, kind: PushKind, payload: Record<string, unknown>) {
  const r = await fetch(`${baseURL}/api/notify/${kind}`, {
    method: 'POST',
    body: signedBody(E2E_CLIENT, payload),
  });
  expect(await r.json()).toEqual({ result: 'SUCCESS' });
}

test('a pushed machine appears on the overview with its state, in Chinese and in English', async ({
  page,
  baseURL,
}) => {
  const violations = watchCsp(page);
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  // Other specs share this server: the two machines add to whatever fleet is there.
  await page.goto('/');
  const summary = page.getByTestId('fleet-summary');
  const [online, offline] = ((await summary.textContent()) ?? '')
    .match(/\d+/g)!
    .slice(1)
    .map(Number);

  await push(baseURL!, 'device', deviceMessage('E2E-001', { name: '望京 SOHO 一号机' }));
  await push(
    baseURL!,
    'device',
    deviceMessage('E2E-002', { name: '国贸二号机', siteName: '国贸' }),
  );
  await push(baseURL!, 'status', statusMessage('E2E-001', { online: 0, doorState: 1, isSale: 1 }));
  await push(
    baseURL!,
    'status',
    statusMessage('E2E-002', {
      online: 1,
      shelvesState: [{ cid: 'E2E-002', shelvesId: '1', state: 1 }],
    }),
  );

  await page.goto('/');
  const first = page.getByTestId('machine-E2E-001');
  await expect(first).toContainText('望京 SOHO 一号机');
  await expect(first).toContainText('在线');
  const second = page.getByTestId('machine-E2E-002');
  await expect(second).toContainText('离线');
  await expect(second).toContainText('1 / 2');
  await expect(summary).toContainText(`在线 ${online! + 1} 台，离线 ${offline! + 1} 台`);

  await page.getByRole('searchbox').fill('国贸');
  await expect(first).toBeHidden();
  await expect(second).toBeVisible();

  await page.getByLabel('语言').selectOption('en');
  await expect(summary).toContainText(`${online! + 1} online, ${offline! + 1} offline`);
  await expect(page.getByTestId('machine-E2E-002')).toContainText('Offline');
  // The CSP the server sends lets the whole app run: nothing was refused.
  expect(violations).toEqual([]);
});

test('the overview is server-rendered: its HTML already names the machines', async ({
  request,
  baseURL,
}) => {
  await push(baseURL!, 'device', deviceMessage('E2E-003', { name: '西单三号机' }));
  const signIn = await request.post('/api/auth/login', {
    headers: { origin: baseURL! },
    data: E2E_ADMIN,
  });
  expect(signIn.status()).toBe(200);
  const html = await (await request.get('/')).text();
  expect(html).toContain('西单三号机');
});
