import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';
import { Providers } from '@/components/providers';
import { getI18n } from '@/lib/i18n/server';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  // Each page names itself first (lib/i18n/title.ts): "销售统计 · 售货机运营看板".
  return { title: { template: `%s · ${t('app.title')}`, default: t('app.title') } };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { locale, messages, timeZone } = await getI18n();
  return (
    <html lang={locale}>
      <body className="min-h-screen bg-slate-50 text-slate-900">
        <Providers locale={locale} messages={messages} timeZone={timeZone}>
          {children}
        </Providers>
      </body>
    </html>
  );
}
