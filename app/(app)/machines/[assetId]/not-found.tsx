import Link from 'next/link';
import { getI18n } from '@/lib/i18n/server';

/** An asset ID no machine has reported under: a 404 inside the app's shell. */
export default async function MachineNotFound() {
  const { t } = await getI18n();
  return (
    <section className="mx-auto mt-12 max-w-md rounded border border-slate-200 bg-white p-6">
      <h1 className="mb-2 text-xl font-semibold">{t('machine.notFound.title')}</h1>
      <p className="mb-4">{t('machine.notFound.message')}</p>
      <Link href="/" className="text-blue-700 underline">
        {t('machine.notFound.back')}
      </Link>
    </section>
  );
}
