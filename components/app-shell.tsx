'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { Suspense, useEffect, useState, type ReactNode } from 'react';
import { useTranslations } from 'use-intl';
import type { VisibleGroup } from '@/lib/nav';
import { NavTrail } from './nav-trail';

function isCurrent(href: string, pathname: string) {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

function Sidebar({ groups }: { groups: VisibleGroup[] }) {
  const t = useTranslations('nav');
  const pathname = usePathname();
  return (
    <nav aria-label={t('main')} className="space-y-3">
      {groups.map((g) => (
        <details key={g.id} open className="group">
          <summary className="cursor-pointer list-none rounded px-2 py-1 text-xs font-semibold tracking-wide text-slate-500 uppercase hover:bg-slate-100 focus:outline-2 focus:outline-blue-600">
            <span
              aria-hidden
              className="mr-1 inline-block transition-transform group-open:rotate-90"
            >
              ›
            </span>
            {t(`groups.${g.id}`)}
          </summary>
          <ul className="mt-1 space-y-0.5">
            {g.items.map((item) => {
              const current = isCurrent(item.href, pathname);
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    aria-current={current ? 'page' : undefined}
                    className={`block rounded px-3 py-1.5 text-sm hover:bg-slate-100 focus:outline-2 focus:outline-blue-600 ${current ? 'bg-blue-50 font-medium text-slate-900' : 'text-blue-800'}`}
                  >
                    {t(item.label)}
                  </Link>
                </li>
              );
            })}
          </ul>
        </details>
      ))}
    </nav>
  );
}

/**
 * The signed-in shell: a header, the navigation in groups as a sidebar beside the page on a
 * desk and as a menu on a phone (closed again by any navigation), and the page.
 */
export function AppShell(props: {
  title: string;
  groups: VisibleGroup[];
  clock: ReactNode;
  account: ReactNode;
  children: ReactNode;
}) {
  const t = useTranslations('nav');
  const pathname = usePathname();
  // The menu is open on the page it was opened on: any navigation closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const setOpen = (o: boolean) => setOpenOn(o ? pathname : null);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpenOn(null);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  return (
    <>
      <Suspense>
        <NavTrail />
      </Suspense>
      <header className="sticky top-0 z-30 flex items-center gap-3 border-b border-slate-200 bg-white px-4 py-2 print:hidden">
        <button
          type="button"
          className="shrink-0 rounded border border-slate-300 px-2 py-1 text-sm whitespace-nowrap hover:bg-slate-100 focus:outline-2 focus:outline-blue-600 lg:hidden"
          aria-expanded={open}
          aria-controls="app-sidebar"
          onClick={() => setOpen(!open)}
        >
          {open ? t('closeMenu') : t('menu')}
        </button>
        <Link href="/" className="truncate font-semibold">
          {props.title}
        </Link>
        <div className="ml-auto hidden shrink-0 text-sm sm:block">{props.clock}</div>
      </header>
      <div className="lg:flex">
        {open && (
          <div
            aria-hidden
            className="fixed inset-0 z-30 bg-slate-900/30 lg:hidden"
            onClick={() => setOpen(false)}
          />
        )}
        <aside
          id="app-sidebar"
          className={`${open ? 'fixed inset-y-0 left-0 z-40 flex w-72 max-w-[85vw] flex-col overflow-y-auto bg-white p-4 shadow-xl' : 'hidden'} lg:sticky lg:top-[49px] lg:flex lg:h-[calc(100vh-49px)] lg:w-56 lg:shrink-0 lg:flex-col lg:overflow-y-auto lg:border-r lg:border-slate-200 lg:bg-white lg:p-3 lg:shadow-none print:hidden`}
        >
          <Sidebar groups={props.groups} />
          <div
            aria-label={t('account')}
            role="group"
            className="mt-6 flex flex-col items-start gap-3 border-t border-slate-200 pt-4 text-sm"
          >
            {props.account}
          </div>
        </aside>
        <main id="main" className="mx-auto w-full max-w-7xl min-w-0 p-4">
          {props.children}
        </main>
      </div>
    </>
  );
}
