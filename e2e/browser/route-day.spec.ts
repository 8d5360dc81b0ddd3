import { expect, test } from '@playwright/test';
import { E2E_ADMIN, E2E_CLIENT } from '../../playwright.config';
import { chooseLanguage, signInAs, watchCsp } from './sign-in';
import { signedBody } from '../support/push';
import { seedRouteDayLine } from '../support/route-day';

/**
 * A planner's evening (D95): a line's route day for tomorrow, who must be visited and why, and
 * from it the to-par pick list, which loads fewer units than filling to capacity; on a desk and
 * a phone, in both languages.
 */
async function adminCookie(baseURL: string) {
  const login = await fetch(`${baseURL}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseURL },
    body: JSON.stringify(E2E_ADMIN),
  });
  return /vf_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
}

async function api(baseURL: string, cookie: string, method: string, path: string, body?: unknown) {
  const r = await fetch(`${baseURL}${path}`, {
    method,
    headers: { 'content-type': 'application/json', origin: baseURL, cookie },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(r.status, `${method} ${path}`).toBeLessThan(300);
  return r.json() as Promise<Record<string, unknown>>;
}

const WORDS = {
  'zh-CN': {
    routeDay: '路线日计划：明天必须去哪些机器',
    emptyIn: /1 号货道（可口可乐 \w+）约 \d+ 小时后售空/,
    must: '必去',
    par: /按需装货 1 天：(\d+) 件 · 装满需 (\d+) 件 · 少装 (\d+) 件/,
  },
  en: {
    routeDay: 'Route day: who must be visited tomorrow',
    emptyIn: /shelf 1 \(可口可乐 \w+\) empty in about \d+ h/,
    must: 'must',
    par: /To par for 1 day: (\d+) units · filling to capacity: (\d+) units · (\d+) units/,
  },
} as const;

const SIZES = { desk: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } };

for (const locale of ['zh-CN', 'en'] as const)
  for (const [size, viewport] of Object.entries(SIZES))
    test(`a planner builds a to-par pick list for tomorrow from the route day (${locale}, ${size})`, async ({
      page,
      baseURL,
    }, info) => {
      test.setTimeout(180_000);
      await page.setViewportSize(viewport);
      const tag = `${Date.now().toString(36)}${size[0]}${locale[0]}`.toUpperCase();
      const now = Math.floor(Date.now() / 1000);
      const line = await seedRouteDayLine(
        async (kind, payload) => {
          const r = await fetch(`${baseURL}/api/notify/${kind}`, {
            method: 'POST',
            body: signedBody(E2E_CLIENT, payload),
          });
          expect(await r.json()).toEqual({ result: 'SUCCESS' });
        },
        tag,
        now,
      );
      const cookie = await adminCookie(baseURL!);
      const email = `route-${tag.toLowerCase()}@e2e.local`;
      await api(baseURL!, cookie, 'POST', '/api/v1/users', {
        email,
        name: '线路规划员',
        role: 'planner',
        password: 'e2e-route-password',
      });
      await api(baseURL!, cookie, 'POST', '/api/v1/forecast/refit');
      const lines = (await api(baseURL!, cookie, 'GET', '/api/v1/lines')) as {
        items: { id: number; name: string }[];
      };
      const lineId = lines.items.find((l) => l.name === line.lineName)!.id;

      const violations = watchCsp(page);
      await signInAs(page, email, 'e2e-route-password');
      if (locale === 'en') await chooseLanguage(page, 'en');
      const w = WORDS[locale];
      const noSidewaysScroll = async () =>
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          viewport.width,
        );

      await page.goto(`/lines/${lineId}`);
      // The line's ranking says who will sell out before the same time tomorrow.
      await expect(page.locator('[data-reason="sellsOut"]:visible').first()).toBeVisible();
      await noSidewaysScroll();
      await page.screenshot({
        path: info.outputPath(`line-${locale}-${viewport.width}.png`),
        fullPage: true,
      });
      await page.getByRole('link', { name: w.routeDay }).click();
      await expect(page).toHaveURL(new RegExp(`/lines/${lineId}/route-day`));

      // Tomorrow's route: A (empty within hours) then D, both must; the reason in words.
      const first = page.getByTestId(size === 'desk' ? 'stop-1' : 'stop-card-1');
      await expect(first).toContainText(`路线日机 A ${tag}`);
      await expect(first.getByTestId('why')).toContainText(w.emptyIn);
      await expect(first).toContainText(w.must);
      await expect(page.getByTestId(size === 'desk' ? 'stop-2' : 'stop-card-2')).toContainText(
        `路线日机 D ${tag}`,
      );
      await noSidewaysScroll();
      await page.screenshot({
        path: info.outputPath(`route-day-${locale}-${viewport.width}.png`),
        fullPage: true,
      });

      // One stop only: D is named as not covered.
      const stops = page.getByRole('spinbutton').first();
      await stops.fill('1');
      await expect(page.getByTestId('route-day-uncovered')).toContainText(`路线日机 D ${tag}`);
      await stops.fill('2');
      await expect(page.getByTestId('route-day-uncovered')).toHaveCount(0);

      await page.getByTestId('route-day-pick-list').click();
      await expect(page).toHaveURL(/\/pick-lists\?assetIds=.*fill=par/);
      const summary = page.getByTestId('par-summary');
      await expect(summary).toContainText(w.par);
      const [, units, full, saved] = (await summary.textContent())!.match(w.par)!.map(Number);
      expect(units).toBeLessThan(full!);
      expect(saved).toBe(full! - units!);
      await expect(page.getByTestId('total-units')).toHaveText(String(units));
      await expect(page.getByTestId(`checklist-${line.a}`)).toBeVisible();
      await noSidewaysScroll();
      await page.screenshot({
        path: info.outputPath(`route-day-pick-list-${locale}-${viewport.width}.png`),
        fullPage: true,
      });
      expect(violations).toEqual([]);
    });
