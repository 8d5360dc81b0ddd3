import type { ReactNode } from 'react';
import { redirect } from 'next/navigation';
import { AppShell } from '@/components/app-shell';
import { FleetClock } from '@/components/fleet-clock';
import { LanguageSwitch } from '@/components/language-switch';
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
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:z-50 focus:p-2">
        {t('app.skipToContent')}
      </a>
      <AppShell
        title={t('app.title')}
        groups={navFor(principal.role)}
        clock={<FleetClock />}
        account={
          <>
            <span data-testid="signed-in-as">
              {t('nav.signedInAs', { name, role: t(`roles.${principal.role}`) })}
            </span>
            <LanguageSwitch />
            <SignOutButton />
          </>
        }
      >
        {children}
      </AppShell>
    </>
  );
}
