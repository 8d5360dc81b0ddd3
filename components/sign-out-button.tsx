'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'use-intl';

export function SignOutButton() {
  const t = useTranslations('nav');
  const router = useRouter();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={busy}
      className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100 focus:outline-2 focus:outline-blue-600"
      onClick={async () => {
        setBusy(true);
        await fetch('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
        // Nothing the signed-in user loaded stays in this tab.
        queryClient.clear();
        router.replace('/logout');
        router.refresh();
      }}
    >
      {t('signOut')}
    </button>
  );
}
