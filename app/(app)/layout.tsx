import type { ReactNode } from 'react';
import { redirect } from 'next/navigation';
import { FleetClock } from '@/components/fleet-clock';
import { LanguageSwitch } from '@/components/language-switch';
import { NavLinks } from '@/components/nav-links';
import { SignOutButton } from '@/components/sign-out-button';
import { currentPrincipal } from '@/lib/auth/server';
import { getI18n } from '@/lib/i18n/server';
import { navFor } from '@/lib/nav';

/** The signed-in shell: navigation by role, who is signed in, language, sign-out. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const principal = await currentPrincipal();
  if (!principal) redirect('/login');
  const { t } = await getI18n();
  const name = principal.kind === 'user' ? principal.name : principal.label;
  return (
    <>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
        {t('app.skipToContent')}
      </a>
      <header className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 py-3 print:hidden">
        <div className="flex flex-wrap items-center gap-4">
          <span className="font-semibold">{t('app.title')}</span>
          <NavLinks items={navFor(principal.role)} />
        </div>
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <FleetClock />
          <span data-testid="signed-in-as">
            {t('nav.signedInAs', { name, role: t(`roles.${principal.role}`) })}
          </span>
          <LanguageSwitch />
          <SignOutButton />
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl p-4">
        {children}
      </main>
    </>
  );
}
