import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '../../playwright.config';

// Issue 16: signing in from /login?next=%2F%09%2Fevil.example%2Fphish took Chromium to
// evil.example (its URL parser drops the tab, leaving //evil.example/phish).

test('signing in from a link whose next hides another site lands on the app', async ({
  page,
  baseURL,
}) => {
  // Nothing may leave this machine: a request elsewhere is noted and refused.
  const elsewhere: string[] = [];
  await page.route(
    (url) => url.hostname !== '127.0.0.1',
    (route) => {
      elsewhere.push(route.request().url());
      return route.abort();
    },
  );
  const app = new URL(baseURL!).origin;

  await page.goto('/login?next=%2F%09%2Fevil.example%2Fphish');
  await page.getByLabel(/邮箱|E-mail/).fill(E2E_ADMIN.email);
  await page.getByLabel(/密码|Password/).fill(E2E_ADMIN.password);
  await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  expect(new URL(page.url()).origin).toBe(app);
  expect(new URL(page.url()).pathname).toBe('/');

  // Signed in already, the same kind of link (a line feed this time) goes to the overview.
  await page.goto('/login?next=%2F%0A%2Fevil.example%2Fphish');
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  expect(page.url()).toBe(`${app}/`);
  expect(elsewhere).toEqual([]);
});
