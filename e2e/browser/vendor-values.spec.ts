import { expect, test } from '@playwright/test';
import { E2E_ADMIN, E2E_CLIENT } from '../../playwright.config';
import { signedBody, type PushKind } from '../support/push';
import { deviceMessage } from '../support/messages';
import { vendorFreezerStatus, vendorTrade } from '../support/vendor-values';
import { signInAs, watchCsp } from './sign-in';

// A freezer whose right room has no sensor and whose clock runs two hours ahead, sent as the
// vendor's own code sends (issue 17; D71): the machine page and the overview say so, in both
// languages, on a phone and on a desktop.
const ID = 'VQ-E2E-1';

async function push(baseURL: string, kind: PushKind, payload: Record<string, unknown>) {
  const r = await fetch(`${baseURL}/api/notify/${kind}`, {
    method: 'POST',
    body: signedBody(E2E_CLIENT, payload),
  });
  expect(await r.json()).toEqual({ result: 'SUCCESS' });
}

const TEXT = {
  'zh-CN': {
    kind: '时钟超前',
    detail: /机器时钟超前 2 小时/,
    badge: /时钟超前 2 小时/,
    noSensor: '无传感器',
    stated: '机器时间',
    payStyle: '扫码支付',
  },
  en: {
    kind: 'Clock ahead',
    detail: /Its clock is 2 h.* ahead/,
    badge: /Clock 2 h.* ahead/,
    noSensor: 'no sensor',
    stated: 'machine said',
    payStyle: 'QR-code pay',
  },
} as const;

test.beforeAll(async ({ baseURL }) => {
  await push(baseURL!, 'device', deviceMessage(ID, { name: '冷柜一号机' }));
  await push(baseURL!, 'status', vendorFreezerStatus(ID));
  await push(baseURL!, 'trade', vendorTrade('vq-e2e-t1', ID, Math.floor(Date.now() / 1000) + 7200));
});

for (const locale of ['zh-CN', 'en'] as const) {
  for (const width of [390, 1440]) {
    test(`clock ahead and no sensor, ${locale}, ${width} px`, async ({ page, baseURL }, info) => {
      test.setTimeout(60_000);
      const t = TEXT[locale];
      const violations = watchCsp(page);
      await page.setViewportSize({ width, height: width < 500 ? 844 : 900 });
      await page.context().addCookies([{ name: 'locale', value: locale, url: baseURL! }]);
      await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);

      await page.goto('/');
      const alert = page.getByTestId(`alert-clockAhead-${ID}`);
      await expect(alert).toContainText(t.kind);
      await expect(alert).toContainText('冷柜一号机');
      await expect(alert).toContainText(t.detail);
      await alert.scrollIntoViewIfNeeded();
      await page.screenshot({ path: info.outputPath(`overview-${locale}-${width}.png`) });

      await alert.getByRole('link', { name: '冷柜一号机' }).click();
      await expect(page.getByTestId('state-clock-ahead')).toContainText(t.badge);
      const figure = page.getByTestId('temperature-master');
      await expect(figure.getByTestId('latest-left')).toContainText('-6 °C');
      await expect(figure.getByTestId('latest-right')).toContainText(t.noSensor);
      await expect(figure.getByTestId('latest-wh1')).toContainText('-16 °C');
      await expect(figure.getByTestId('latest-wh3')).toContainText(t.noSensor);
      await page.screenshot({ path: info.outputPath(`machine-${locale}-${width}.png`) });
      await figure.scrollIntoViewIfNeeded();
      await page.screenshot({
        path: info.outputPath(`machine-temperature-${locale}-${width}.png`),
      });

      const trades = page.getByTestId('recent-trades');
      await expect(trades.getByTestId('trade-stated-time')).toContainText(t.stated);
      await expect(trades).toContainText(t.payStyle);
      await trades.scrollIntoViewIfNeeded();
      await page.screenshot({ path: info.outputPath(`machine-trades-${locale}-${width}.png`) });
      // Nothing overflows the page sideways on a phone.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      expect(violations).toEqual([]);
    });
  }
}
