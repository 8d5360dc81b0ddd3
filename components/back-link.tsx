'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useSyncExternalStore } from 'react';
import { useTranslations } from 'use-intl';
import { navItemOf } from '@/lib/nav';
import { readTrail } from './nav-trail';

const noSubscription = () => () => {};

/**
 * "← Back to …": to the page the reader came from in this tab (with its filters), named by
 * its place in the navigation; else to `fallback` (the section's list), named by `label`.
 */
export function BackLink({ fallback, label }: { fallback: string; label: string }) {
  const t = useTranslations('nav');
  const pathname = usePathname();
  const previous = useSyncExternalStore(
    noSubscription,
    () => readTrail().findLast((u) => u.split('?')[0] !== pathname) ?? null,
    () => null,
  );
  const item = previous ? navItemOf(previous.split('?')[0]!) : undefined;
  const href = previous && item ? previous : fallback;
  return (
    <Link href={href} className="text-sm text-blue-800 hover:underline print:hidden">
      ← {item && previous ? t('back', { page: t(item.label) }) : label}
    </Link>
  );
}
