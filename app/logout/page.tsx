import Link from 'next/link';
import { SignOutButton } from '@/components/sign-out-button';
import { currentPrincipal } from '@/lib/auth/server';
import { getI18n } from '@/lib/i18n/server';

/** Sign-out: asks first (a GET never changes state); after sign-out says so. */
export default async function LogoutPage() {
  const { t } = await getI18n();
  const signedIn = Boolean(await currentPrincipal());
  return (
    <main
      id="main"
      className="mx-auto mt-24 max-w-sm rounded border border-slate-200 bg-white p-6 shadow-sm"
    >
      <h1 className="mb-4 text-xl font-semibold">{t('auth.signOutTitle')}</h1>
      {signedIn ? (
        <div className="flex flex-col gap-4">
          <p>{t('auth.signOutPrompt')}</p>
          <SignOutButton />
        </div>
      ) : (
        <div className="flex flex-col gap-4">
          <p role="status">{t('auth.signedOut')}</p>
          <Link href="/login" className="text-blue-700 underline">
            {t('auth.signInAgain')}
          </Link>
        </div>
      )}
    </main>
  );
}
