'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'use-intl';
import type { NavItem } from '@/lib/nav';

export function NavLinks({ items }: { items: NavItem[] }) {
  const t = useTranslations('nav');
  const pathname = usePathname();
  return (
    <nav aria-label={t('main')}>
      <ul className="flex flex-wrap items-center gap-1">
        {items.map((item) => {
          const current = item.href === '/' ? pathname === '/' : pathname.startsWith(item.href);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current ? 'page' : undefined}
                className={`rounded px-2 py-1 text-sm hover:bg-slate-100 focus:outline-2 focus:outline-blue-600 ${current ? 'bg-slate-100 font-medium text-slate-900' : 'text-blue-800'}`}
              >
                {t(item.label)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
