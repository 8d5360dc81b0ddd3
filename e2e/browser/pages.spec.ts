import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { E2E_ADMIN, E2E_CLIENT } from '../../playwright.config';
import { NAV_GROUPS } from '@/lib/nav';
import { signedBody, type PushKind } from '../support/push';
import { deviceMessage, refillMessage, statusMessage, tradeMessage } from '../support/messages';
import { SAAS_ACCOUNT, startSaas, type RunningSaas } from '../support/saas';
import { signInAs } from './sign-in';

/**
 * Every page of the app, at a desk's and a phone's width, in both languages, as an admin (who
 * may open them all): no sideways scroll, no console error or hydration warning, no serious or
 * critical accessibility violation, and a full-page screenshot kept for people to look at (CI
 * uploads e2e-artifacts/). One browser context per language × width, pages in sequence. On
 * PostgreSQL, fewer: see VARIANTS.
 */

type Check = 'scroll' | 'console' | 'axe';

/**
 * Known failures on pages other areas are mending at the same time (issue 18), each a page, a
 * check and why; the check still runs and is reported, it just does not turn the suite red.
 * Remove an entry as soon as its page passes.
 */
const ALLOWED: { page: string; check: Check; width?: number; reason: string }[] = [
  // None: every page passes every check. Add an entry (page, check, reason) only with an issue.
];

const LANGS = ['zh-CN', 'en'] as const;
const SIZES = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
] as const;
const SHOTS = 'e2e-artifacts/screenshots';
/**
 * On PostgreSQL (npm run test:e2e:pg) what the engine can change is checked: every page loads
 * its data without an error, in each language and at each width once (zh-CN at a desk, en on a
 * phone). Accessibility and the screenshots follow from the markup, the same on both engines:
 * the SQLite run checks and takes them, in all four (a third of the PostgreSQL run's time).
 */
const ON_POSTGRES = process.env.E2E_ENGINE === 'postgres';
const VARIANTS = ON_POSTGRES
  ? [
      { lang: LANGS[0], size: SIZES[0] },
      { lang: LANGS[1], size: SIZES[1] },
    ]
  : LANGS.flatMap((lang) => SIZES.map((size) => ({ lang, size })));

let saas: RunningSaas;
const pages: { name: string; path: string }[] = [];

async function push(baseURL: string, kind: PushKind, payload: Record<string, unknown>) {
  const r = await fetch(`${baseURL}/api/notify/${kind}`, {
    method: 'POST',
    body: signedBody(E2E_CLIENT, payload),
  });
  expect(await r.json()).toEqual({ result: 'SUCCESS' });
}

/** A few machines with trades, states and a refill settlement; a cabinet with an order. */
async function seed(browser: Browser, baseURL: string) {
  const now = Math.floor(Date.now() / 1000);
  const ids = ['PAGES-001', 'PAGES-002', 'PAGES-003'];
  for (const [i, id] of ids.entries()) {
    await push(baseURL, 'device', deviceMessage(id, { name: `全页测试机 ${i + 1}` }));
    await push(baseURL, 'status', statusMessage(id, { online: 0, doorState: 1, isSale: 1 }));
    for (let t = 0; t < 3; t++)
      await push(
        baseURL,
        'trade',
        tradeMessage(`pages-${i}-${t}`, id, { payTime: String(now - 600 * (t + 1)) }),
      );
  }
  await push(
    baseURL,
    'status',
    statusMessage(ids[1]!, { vendingFault: [{ cid: ids[1], pcode: '3', ccode: '07' }] }),
  );
  await push(baseURL, 'refill', refillMessage(ids[0]!, now - 300));

  const page = await browser.newPage();
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const post = (path: string, data: unknown) =>
    page.request.post(path, { headers: { origin: baseURL }, data });
  const json = async <T>(path: string) => (await (await page.request.get(path)).json()) as T;
  expect(
    (
      await post('/api/v1/settings/credentials', {
        platform: 'saas',
        account: SAAS_ACCOUNT.appId,
        key: SAAS_ACCOUNT.key,
        secret: SAAS_ACCOUNT.secret,
        baseUrl: saas.url,
      })
    ).status(),
  ).toBeLessThan(300);
  const cabinet = saas.twin.cabinets()[0]!;
  expect([200, 201]).toContain(
    (await post('/api/v1/cabinets', { machineId: cabinet.machineId })).status(),
  );
  cabinet.runningState = 0; // a locked cabinet refuses at once: an order, with no callbacks
  const order = await post('/api/v1/cabinet-orders', {
    machineId: cabinet.machineId,
    doorNo: 0,
    type: 'buy',
  });
  expect(order.status()).toBe(201);
  const { orderId } = (await order.json()) as { orderId: string };

  const lines = await json<{ items: { id: number }[] }>('/api/v1/lines');
  const refills = await json<{ items: { id: number }[] }>('/api/v1/refills');
  await page.close();

  for (const g of NAV_GROUPS)
    for (const item of g.items) pages.push({ name: item.label, path: item.href });
  pages.push(
    { name: 'machine', path: `/machines/${ids[0]}` },
    { name: 'line', path: `/lines/${lines.items[0]!.id}` },
    { name: 'refill', path: `/refills/${refills.items[0]!.id}` },
    { name: 'cabinet-order', path: `/cabinet-orders/${orderId}` },
  );
}

test.beforeAll(async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  saas = await startSaas({ callbackDelayMs: 50 });
  await seed(browser, baseURL!);
  mkdirSync(SHOTS, { recursive: true });
});

test.afterAll(async () => {
  await saas?.close();
});

/** Console errors, page errors and React's hydration complaints, as they come. */
function listen(page: Page) {
  const heard: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /hydrat/i.test(m.text())) heard.push(m.text().slice(0, 300));
  });
  page.on('pageerror', (e) => heard.push(`pageerror: ${e.message.slice(0, 300)}`));
  return heard;
}

async function inspect(page: Page, heard: string[], name: string) {
  const found: { check: Check; detail: string }[] = [];
  await page.waitForLoadState('networkidle');
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  if (scrollWidth > innerWidth)
    found.push({ check: 'scroll', detail: `scrollWidth ${scrollWidth} > ${innerWidth}` });
  const axe = ON_POSTGRES ? { violations: [] } : await new AxeBuilder({ page }).analyze();
  for (const v of axe.violations)
    if (v.impact === 'serious' || v.impact === 'critical')
      found.push({
        check: 'axe',
        detail: `${v.id} (${v.impact}): ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
      });
  for (const h of heard.splice(0)) found.push({ check: 'console', detail: h });
  void name;
  return found;
}

for (const { lang, size } of VARIANTS)
  test(`every page in ${lang} at ${size.width} px: fits, stays quiet${ON_POSTGRES ? '' : ', passes axe'}`, async ({
    browser,
    baseURL,
  }) => {
    // About forty pages, each waited on to be idle and checked by axe: minutes on a busy box.
    test.setTimeout(420_000);
    const context = await browser.newContext({ viewport: size, locale: lang });
    await context.addCookies([{ name: 'locale', value: lang, url: baseURL! }]);
    const page = await context.newPage();
    const heard = listen(page);
    const failures: string[] = [];
    const allowed: string[] = [];
    const visit = async (name: string) => {
      for (const f of await inspect(page, heard, name)) {
        const line = `${name} [${f.check}] ${f.detail}`;
        const ok = ALLOWED.some(
          (a) => a.page === name && a.check === f.check && (!a.width || a.width === size.width),
        );
        (ok ? allowed : failures).push(line);
      }
      if (!ON_POSTGRES)
        await page.screenshot({
          path: `${SHOTS}/${lang}-${size.width}-${name}.png`,
          fullPage: true,
        });
    };

    await page.goto('/login');
    await visit('login');
    await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
    for (const p of pages) {
      await page.goto(p.path);
      await visit(p.name);
    }
    await context.close();
    if (allowed.length) console.log(`allowed (${lang} ${size.width}):\n${allowed.join('\n')}`);
    expect(failures, failures.join('\n')).toEqual([]);
  });
