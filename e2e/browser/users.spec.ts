import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '../../playwright.config';
import { signInAs, watchCsp } from './sign-in';

/**
 * An admin changes a role and resets a password through dialogs: nothing changes until the
 * dialog is confirmed, Esc and Cancel leave things as they were, and the audit log says it in
 * a sentence.
 */
const PERSON = { email: 'dialogs@e2e.local', name: '李四', password: 'dialogs-password-1' };

test.beforeAll(async ({ request, baseURL }) => {
  const post = (path: string, data: unknown) =>
    request.post(path, { headers: { origin: baseURL! }, data });
  await post('/api/auth/login', { email: E2E_ADMIN.email, password: E2E_ADMIN.password });
  const r = await post('/api/v1/users', { ...PERSON, role: 'operations' });
  expect([201, 409]).toContain(r.status());
});

test('a role changes only after the dialog is confirmed, and the audit log says so', async ({
  page,
}) => {
  const violations = watchCsp(page);
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto('/admin/users');
  const row = page.getByTestId(`user-${PERSON.email}`);
  const select = row.getByLabel(`角色 ${PERSON.email}`);
  await expect(select).toHaveValue('operations');

  // Picking a role only asks; Esc leaves the role as it was, here and on the server.
  await select.selectOption('finance');
  const dialog = page.getByRole('alertdialog', { name: '更改角色？' });
  await expect(dialog).toContainText('将 李四（dialogs@e2e.local）的角色由运营改为财务？');
  await expect(dialog.getByRole('button', { name: '取消' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(select).toHaveValue('operations');
  const users = async () =>
    (
      (await (await page.request.get('/api/v1/users')).json()) as {
        items: { email: string; role: string }[];
      }
    ).items.find((u) => u.email === PERSON.email)!.role;
  expect(await users()).toBe('operations');

  // The keyboard works inside the dialog: Tab moves from Cancel to the confirmation.
  await select.selectOption('finance');
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: '更改角色' })).toBeFocused();
  await dialog.getByRole('button', { name: '更改角色' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toHaveText(`已更新用户 ${PERSON.email}`);
  await expect(select).toHaveValue('finance');
  expect(await users()).toBe('finance');

  await page.goto('/admin/audit');
  await expect(page.getByTestId('audit-sentence').first()).toContainText(
    /将 李四 的角色由运营改为财务/,
  );
  expect(violations).toEqual([]);
});

test('a password is reset in a dialog: typed twice, or generated and shown once', async ({
  page,
  browser,
}) => {
  const violations = watchCsp(page);
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto('/admin/users');
  const row = page.getByTestId(`user-${PERSON.email}`);
  await row.getByRole('button', { name: '重置密码' }).click();
  const dialog = page.getByRole('dialog', { name: `为 李四（${PERSON.email}）设置新密码` });
  await expect(dialog).toBeVisible();

  // Two different entries are refused in words, and nothing is sent.
  await dialog.getByLabel('新密码', { exact: true }).fill('first-password-1');
  await dialog.getByLabel('再次输入新密码').fill('second-password-2');
  await dialog.getByRole('button', { name: '设置密码' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('两次输入的密码不一致。');

  // Generated: shown once in the dialog, then set.
  await dialog.getByRole('button', { name: '生成密码' }).click();
  const generated = await dialog.getByTestId('generated-password').innerText();
  expect(generated).toMatch(/^[A-Za-z2-9]{16}$/);
  await dialog.getByRole('button', { name: '设置密码' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toHaveText(`已重置 ${PERSON.email} 的密码`);

  // Opened again, the dialog has forgotten it.
  await row.getByRole('button', { name: '重置密码' }).click();
  await expect(dialog.getByTestId('generated-password')).toHaveCount(0);
  await expect(dialog.getByLabel('新密码', { exact: true })).toHaveValue('');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // The person signs in with the generated password.
  const other = await browser.newPage();
  await signInAs(other, PERSON.email, generated);
  await other.close();
  expect(violations).toEqual([]);
});
