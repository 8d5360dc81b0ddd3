import { redirect } from 'next/navigation';
import { currentPrincipal } from '@/lib/auth/server';
import { getI18n } from '@/lib/i18n/server';
import { safeNext } from '@/lib/edge/safe-next';
import { LoginForm } from './client';

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const next = safeNext((await searchParams).next);
  if (await currentPrincipal()) redirect(next);
  const { t } = await getI18n();
  return (
    <main
      id="main"
      className="mx-auto mt-24 max-w-sm rounded border border-slate-200 bg-white p-6 shadow-sm"
    >
      <h1 className="mb-4 text-xl font-semibold">{t('auth.signInTitle')}</h1>
      <LoginForm next={next} />
    </main>
  );
}
