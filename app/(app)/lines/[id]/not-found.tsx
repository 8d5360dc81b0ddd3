import Link from 'next/link';
import { getI18n } from '@/lib/i18n/server';

/** A line id we do not know: a 404 inside the app's shell. */
export default async function LineNotFound() {
  const { t } = await getI18n();
  return (
    <section className="mx-auto mt-12 max-w-md rounded border border-slate-200 bg-white p-6">
      <h1 className="mb-2 text-xl font-semibold">{t('planning.line.notFound')}</h1>
      <Link href="/lines" className="text-blue-700 underline">
        {t('planning.line.back')}
      </Link>
    </section>
  );
}
