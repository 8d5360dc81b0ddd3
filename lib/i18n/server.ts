import 'server-only';
import { cookies } from 'next/headers';
import { createTranslator } from 'use-intl';
import { getConfig } from '@/lib/config';
import { FORMATS } from './formats';
import { LOCALE_COOKIE, MESSAGES, toLocale } from './index';

/** The request's language (cookie, default zh-CN), its messages and the fleet's time zone. */
export async function getI18n() {
  const locale = toLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  const messages = MESSAGES[locale];
  const timeZone = getConfig().FLEET_TIME_ZONE;
  return {
    locale,
    messages,
    timeZone,
    t: createTranslator({ locale, messages, timeZone, formats: FORMATS[locale] }),
  };
}
