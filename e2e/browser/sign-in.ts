import { expect, type Page } from '@playwright/test';

/** Signs in through the sign-in page, as a person would, and waits for the shell. */
export async function signInAs(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel(/邮箱|E-mail/).fill(email);
  await page.getByLabel(/密码|Password/).fill(password);
  await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
  // In the sidebar on a desk, in the closed menu on a phone: there either way.
  await expect(page.getByTestId('signed-in-as')).toBeAttached();
}

/** Collects Content-Security-Policy violations the page reports, to assert there are none. */
export function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  page.on('pageerror', (e) => violations.push(`pageerror: ${e.message}`));
  return violations;
}

/**
 * Picks the page's language as a person would: from the account corner of the sidebar, which
 * on a phone sits in the menu (opened first, and closed by the navigation the switch causes).
 */
export async function chooseLanguage(page: Page, locale: 'zh-CN' | 'en') {
  const html = page.locator('html');
  if ((await html.getAttribute('lang')) === locale) return;
  const select = page.getByLabel(/^(语言|Language)/);
  // Returns once the page is in that language, so the next step never meets the old one. A
  // choice made before the page hydrates could set nothing: made again until the cookie is set.
  await expect(async () => {
    if (!(await select.isVisible()))
      await page.getByRole('button', { name: /^(菜单|Menu)$/ }).click();
    await select.selectOption(locale);
    expect(await page.evaluate(() => document.cookie)).toContain(`locale=${locale}`);
  }).toPass({ timeout: 20_000 });
  await expect(html).toHaveAttribute('lang', locale, { timeout: 15_000 });
}
