import type { Role } from '@/lib/auth/roles';
import { canView } from '@/lib/auth/rules';

/**
 * The pages in the navigation, in the groups people work in; each role sees the pages the rule
 * table lets it open, and only the groups that keep any.
 */
export const NAV_GROUPS = [
  {
    id: 'operations',
    items: [
      { href: '/', label: 'overview' },
      { href: '/alerts', label: 'alerts' },
      { href: '/machines', label: 'machines' },
      { href: '/pickup-codes', label: 'pickup' },
      { href: '/reports/food-safety', label: 'foodSafety' },
    ],
  },
  {
    id: 'routes',
    items: [
      { href: '/lines', label: 'lines' },
      { href: '/sites', label: 'sites' },
      { href: '/pick-lists', label: 'pickLists' },
    ],
  },
  {
    id: 'finance',
    items: [
      { href: '/sales', label: 'sales' },
      { href: '/trades', label: 'trades' },
      { href: '/refills', label: 'refills' },
    ],
  },
  {
    id: 'cabinets',
    items: [
      { href: '/cabinets', label: 'cabinets' },
      { href: '/cabinet-orders', label: 'cabinetOrders' },
      { href: '/cabinet-review', label: 'cabinetReview' },
    ],
  },
  {
    id: 'admin',
    items: [
      { href: '/sync', label: 'sync' },
      { href: '/inbox', label: 'inbox' },
      { href: '/admin/users', label: 'users' },
      { href: '/admin/tokens', label: 'tokens' },
      { href: '/admin/settings', label: 'settings' },
      { href: '/admin/notifications', label: 'notifications' },
      { href: '/admin/reports', label: 'reports' },
      { href: '/admin/audit', label: 'audit' },
    ],
  },
] as const;

export type NavGroup = (typeof NAV_GROUPS)[number];
export type NavItem = NavGroup['items'][number];
export type NavLabel = NavItem['label'];

export interface VisibleGroup {
  id: NavGroup['id'];
  items: NavItem[];
}

export function navFor(role: Role): VisibleGroup[] {
  return NAV_GROUPS.map((g) => ({
    id: g.id,
    items: (g.items as readonly NavItem[]).filter((item) => canView(role, item.href)),
  })).filter((g) => g.items.length > 0);
}

/** The navigation entry a path belongs to (the longest prefix), for titles and back links. */
export function navItemOf(pathname: string): NavItem | undefined {
  let best: NavItem | undefined;
  for (const g of NAV_GROUPS)
    for (const item of g.items as readonly NavItem[]) {
      const match =
        item.href === '/'
          ? pathname === '/'
          : pathname === item.href || pathname.startsWith(`${item.href}/`);
      if (match && (!best || item.href.length > best.href.length)) best = item;
    }
  return best;
}
