import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '../../playwright.config';
import { signInAs, watchCsp } from './sign-in';

const NAV_ZH = {
  overview: '总览',
  alerts: '告警',
  machines: '机器',
  pickup: '取货码',
  foodSafety: '食品安全温度',
  lines: '线路',
  sites: '点位',
  pickLists: '拣货单',
  sales: '销售统计',
  trades: '交易查询',
  refills: '补货结算',
  cabinets: '智能柜',
  cabinetOrders: '智能柜订单',
  cabinetReview: '订单复核',
  sync: '同步',
  inbox: '消息收件箱',
  users: '用户',
  tokens: 'API 令牌',
  settings: '设置',
  notifications: '通知',
  reports: '定时报表',
  audit: '审计日志',
};
const PEOPLE = [
  {
    role: 'operations',
    email: 'ops@e2e.local',
    roleName: '运营',
    nav: [
      '总览',
      '告警',
      '机器',
      '取货码',
      '食品安全温度',
      '线路',
      '点位',
      '拣货单',
      '销售统计',
      '交易查询',
      '智能柜',
      '智能柜订单',
      '订单复核',
      '同步',
    ],
  },
  {
    role: 'planner',
    email: 'planner@e2e.local',
    roleName: '线路规划',
    nav: ['总览', '告警', '机器', '线路', '点位', '拣货单', '智能柜'],
  },
  {
    role: 'finance',
    email: 'finance@e2e.local',
    roleName: '财务',
    nav: [
      ...['总览', '告警', '机器', '线路', '点位', '销售统计', '交易查询', '补货结算'],
      ...['智能柜', '智能柜订单', '同步'],
    ],
  },
] as const;
const PASSWORD = 'e2e-user-password';

test('an admin adds users in the browser, and the change is in the audit log', async ({ page }) => {
  const violations = watchCsp(page);
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const nav = page.getByRole('navigation', { name: '主导航' });
  await expect(nav.getByRole('link')).toHaveText(Object.values(NAV_ZH));

  await nav.getByRole('link', { name: NAV_ZH.users }).click();
  const form = page.getByRole('form', { name: '添加用户' });
  for (const p of PEOPLE) {
    await form.getByLabel('邮箱').fill(p.email);
    await form.getByLabel('姓名').fill(p.role);
    await form.getByLabel('角色').selectOption(p.role);
    await form.getByLabel(/^密码/).fill(PASSWORD);
    await form.getByRole('button', { name: '创建' }).click();
    await expect(page.getByTestId(`user-${p.email}`)).toContainText(p.role);
  }

  await nav.getByRole('link', { name: NAV_ZH.audit }).click();
  await page.getByRole('combobox', { name: '操作', exact: true }).selectOption('user.create');
  await expect(
    page.getByTestId('audit-row').filter({ hasText: '添加了用户 planner，角色为线路规划' }),
  ).toBeVisible();
  await nav.getByRole('link', { name: NAV_ZH.settings }).click();
  await expect(page.getByTestId('credential-e2e-client')).toContainText('环境变量');
  await nav.getByRole('link', { name: NAV_ZH.tokens }).click();
  await expect(page.getByRole('heading', { name: 'API 令牌' })).toBeVisible();
  expect(violations).toEqual([]);
});

for (const p of PEOPLE) {
  test(`${p.role} signs in and sees only its own navigation`, async ({ page }) => {
    await signInAs(page, p.email, PASSWORD);
    await expect(page.getByTestId('signed-in-as')).toContainText(p.roleName);
    const nav = page.getByRole('navigation', { name: '主导航' });
    await expect(nav.getByRole('link')).toHaveText([...p.nav]);

    const forbidden = await page.goto('/admin/users');
    expect(forbidden?.status()).toBe(403);
    await expect(page.getByRole('heading', { name: '无权访问' })).toBeVisible();

    await page.goto('/');
    await page.getByRole('button', { name: '退出登录' }).click();
    await expect(page.getByRole('status')).toHaveText('您已退出登录。');
    await page.goto('/');
    await expect(page).toHaveURL(/\/login\?next=/);
  });
}
