import Link from 'next/link';
import { getI18n } from '@/lib/i18n/server';

export default async function Forbidden() {
  const { t } = await getI18n();
  return (
    <main id="main" className="mx-auto mt-24 max-w-md rounded border border-slate-200 bg-white p-6">
      <h1 className="mb-2 text-xl font-semibold">{t('auth.forbiddenTitle')}</h1>
      <p className="mb-4">{t('auth.forbidden')}</p>
      <Link href="/" className="text-blue-700 underline">
        {t('auth.backHome')}
      </Link>
    </main>
  );
}
