import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import Link from 'next/link';
import './globals.css';
import { Providers } from '@/components/providers';
import { LanguageSwitch } from '@/components/language-switch';
import { getI18n } from '@/lib/i18n/server';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t('app.title') };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { locale, messages, timeZone, t } = await getI18n();
  return (
    <html lang={locale}>
      <body>
        <Providers locale={locale} messages={messages} timeZone={timeZone}>
          <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
            {t('app.skipToContent')}
          </a>
          <header className="flex items-center justify-between border-b border-slate-200 bg-white px-4 py-3">
            <nav className="flex items-center gap-4">
              <span className="font-semibold">{t('app.title')}</span>
              <Link href="/" className="text-sm text-blue-700 hover:underline">
                {t('nav.overview')}
              </Link>
            </nav>
            <LanguageSwitch />
          </header>
          <main id="main" className="mx-auto max-w-7xl p-4">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
