import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN } from '../../playwright.config';
import { signInAs } from './sign-in';

/**
 * The date field speaks the app's language, not the browser's (issue 18: a Chinese UI in an
 * English browser showed mm/dd/yyyy). Each test runs the UI in one language in a browser set
 * to the other.
 */
const RANGE = '/sales?range=custom&from=2026-11-01&to=2026-11-03';
/** Midnight of a November 2026 day in Asia/Shanghai, in epoch seconds. */
const nov = (day: number) => Date.UTC(2026, 10, day) / 1000 - 8 * 3600;

async function openIn(page: Page, lang: 'zh-CN' | 'en', baseURL: string) {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /hydrat/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.context().addCookies([{ name: 'locale', value: lang, url: baseURL }]);
  await page.goto(RANGE);
  return problems;
}

async function seriousAxe(page: Page) {
  const axe = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
  return axe.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help}`);
}

test.describe('Chinese UI in an English browser', () => {
  test.use({ locale: 'en-US' });

  test('shows 2026/11/01, picks a day from the calendar by click and by keys, reads typed dates', async ({
    page,
    baseURL,
  }, info) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    const problems = await openIn(page, 'zh-CN', baseURL!);
    const from = page.getByLabel('开始日期', { exact: true });
    const to = page.getByLabel('结束日期', { exact: true });
    await expect(from).toHaveValue('2026/11/01');
    await expect(to).toHaveValue('2026/11/03');
    await expect(page.getByTestId('sales-range')).toContainText('2026/11/01');

    // The calendar in Chinese, Monday first, today marked; clicking a day sets the field.
    await page.getByRole('button', { name: '打开日历' }).first().click();
    const calendar = page.getByRole('dialog', { name: '选择日期' });
    await expect(calendar).toBeVisible();
    // Week rows start on Monday (the second row is the first full week).
    const firstOfWeek = calendar.getByRole('row').nth(1).getByRole('button').first();
    await expect(firstOfWeek).toHaveAccessibleName(/星期一/);
    await expect(calendar.getByRole('combobox', { name: '选择月份' })).toHaveValue('10');
    // Today is marked, in the fleet's calendar.
    const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' })
      .format(new Date())
      .split('-')
      .map(Number);
    await calendar.getByRole('combobox', { name: '选择年份' }).selectOption(String(y));
    await calendar.getByRole('combobox', { name: '选择月份' }).selectOption(String(m! - 1));
    await expect(calendar.getByRole('button', { name: `今天，${y}年${m}月${d}日` })).toBeVisible();
    await calendar.getByRole('combobox', { name: '选择年份' }).selectOption('2026');
    await calendar.getByRole('combobox', { name: '选择月份' }).selectOption('9');
    await calendar.getByRole('button', { name: '前往下个月' }).click();
    await expect(calendar.getByRole('combobox', { name: '选择月份' })).toHaveValue('10');
    await page.screenshot({ path: info.outputPath('calendar-zh-1440.png') });
    expect(await seriousAxe(page)).toEqual([]);
    await calendar.getByRole('button', { name: /11月5日/ }).click();
    await expect(calendar).toBeHidden();
    await expect(from).toHaveValue('2026/11/05');
    await expect(to).toHaveValue('2026/11/03');
    await expect(page.getByText('开始日期不能晚于结束日期。')).toBeVisible();

    // Keyboard: Enter opens on the chosen day, arrows move, Esc closes and returns focus.
    const toButton = page.getByRole('button', { name: '打开日历' }).nth(1);
    await toButton.focus();
    await page.keyboard.press('Enter');
    await expect(calendar.getByRole('button', { name: /11月3日/ })).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect(calendar.getByRole('button', { name: /11月4日/ })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(calendar).toBeHidden();
    await expect(toButton).toBeFocused();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    await expect(calendar.getByRole('button', { name: /11月10日/ })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(to).toHaveValue('2026/11/10');
    await expect(toButton).toBeFocused();

    // The figures follow the picked days.
    const report = page.waitForRequest(
      (r) =>
        r.url().includes('/api/v1/stats/sales/report') &&
        r.url().includes(`startTime=${nov(5)}`) &&
        r.url().includes(`endTime=${nov(11) - 1}`),
    );
    await page.getByRole('button', { name: '查看' }).click();
    await report;
    await expect(page.getByTestId('sales-range')).toContainText('2026/11/05');
    await expect(page.getByTestId('sales-range')).toContainText('2026/11/10');

    // Typing: year-first numbers are read; anything else gets a message in Chinese.
    await from.fill('2026/11/2');
    await from.press('Tab');
    await expect(from).toHaveValue('2026/11/02');
    await from.fill('11/02/2026');
    await from.press('Enter');
    await expect(page.getByRole('alert').filter({ hasText: '无法识别' })).toBeVisible();
    await expect(from).toHaveAttribute('aria-invalid', 'true');
    await from.fill('2026-11-04');
    await from.press('Enter');
    await expect(page).toHaveURL(/from=2026-11-04&to=2026-11-10/);
    await expect(page.getByTestId('sales-range')).toContainText('2026/11/04');
    expect(problems).toEqual([]);
  });

  test('at 390 px the open calendar fits the screen', async ({ page, baseURL }, info) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await openIn(page, 'zh-CN', baseURL!);
    await page.getByRole('button', { name: '打开日历' }).nth(1).click();
    const box = (await page.getByRole('dialog', { name: '选择日期' }).boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true);
    await page.screenshot({ path: info.outputPath('calendar-zh-390.png') });
  });
});

test.describe('English UI in a Chinese browser', () => {
  test.use({ locale: 'zh-CN' });

  for (const width of [1440, 390])
    test(`shows Nov 1, 2026 and reads English dates at ${width} px`, async ({
      page,
      baseURL,
    }, info) => {
      await page.setViewportSize({ width, height: width > 400 ? 900 : 844 });
      const problems = await openIn(page, 'en', baseURL!);
      const from = page.getByLabel('From', { exact: true });
      await expect(from).toHaveValue('Nov 1, 2026');
      await expect(page.getByLabel('To', { exact: true })).toHaveValue('Nov 3, 2026');

      await page.getByRole('button', { name: 'Open the calendar' }).nth(1).click();
      const calendar = page.getByRole('dialog', { name: 'Choose a date' });
      const firstOfWeek = calendar.getByRole('row').nth(1).getByRole('button').first();
      await expect(firstOfWeek).toHaveAccessibleName(/^Sunday/);
      await expect(calendar.getByRole('button', { name: /November 3rd, 2026/ })).toBeFocused();
      const box = (await calendar.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      expect(await seriousAxe(page)).toEqual([]);
      await page.screenshot({ path: info.outputPath(`calendar-en-${width}.png`) });
      await page.keyboard.press('Escape');

      await from.fill('Nov 2, 2026');
      await from.press('Tab');
      await expect(from).toHaveValue('Nov 2, 2026');
      await from.fill('2026/11/3');
      await from.press('Tab');
      await expect(from).toHaveValue('Nov 3, 2026');
      await from.fill('someday');
      await from.press('Enter');
      await expect(page.getByRole('alert').filter({ hasText: 'is not a date' })).toBeVisible();
      expect(problems).toEqual([]);
    });
});
