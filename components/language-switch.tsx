'use client';

import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'use-intl';
import { LOCALE_COOKIE, LOCALES } from '@/lib/i18n';

const NAMES: Record<(typeof LOCALES)[number], string> = { 'zh-CN': '中文', en: 'English' };

export function LanguageSwitch() {
  const t = useTranslations('app');
  const locale = useLocale();
  const router = useRouter();
  return (
    <label className="flex items-center gap-2 text-sm">
      <span>{t('language')}</span>
      <select
        className="rounded border border-slate-300 bg-white px-2 py-1"
        value={locale}
        onChange={(e) => {
          document.cookie = `${LOCALE_COOKIE}=${e.target.value}; path=/; max-age=31536000; samesite=lax`;
          router.refresh();
        }}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
