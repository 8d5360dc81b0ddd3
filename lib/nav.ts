import type { Role } from '@/lib/auth/roles';
import { canView } from '@/lib/auth/rules';

/** The pages in the navigation; each role sees those the rule table lets it open. */
export const NAV = [
  { href: '/', label: 'overview' },
  { href: '/machines', label: 'machines' },
  { href: '/lines', label: 'lines' },
  { href: '/sites', label: 'sites' },
  { href: '/pick-lists', label: 'pickLists' },
  { href: '/sales', label: 'sales' },
  { href: '/refills', label: 'refills' },
  { href: '/pickup-codes', label: 'pickup' },
  { href: '/cabinets', label: 'cabinets' },
  { href: '/cabinet-orders', label: 'cabinetOrders' },
  { href: '/cabinet-review', label: 'cabinetReview' },
  { href: '/sync', label: 'sync' },
  { href: '/inbox', label: 'inbox' },
  { href: '/admin/users', label: 'users' },
  { href: '/admin/tokens', label: 'tokens' },
  { href: '/admin/settings', label: 'settings' },
  { href: '/admin/audit', label: 'audit' },
] as const;

export type NavItem = (typeof NAV)[number];

export function navFor(role: Role): NavItem[] {
  return NAV.filter((item) => canView(role, item.href));
}
