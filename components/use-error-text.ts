'use client';

import { useTranslations } from 'use-intl';
import { ApiRequestError } from '@/lib/edge/fetch-json';

/** The API's refusals a reader meets whatever the page, said in the reader's language. */
const KNOWN = [
  'READ_TIMEOUT',
  'READ_TOO_LARGE',
  'BUSY',
  'RANGE_TOO_LONG',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'INTERNAL',
  'BACKUPS_BY_ENGINE',
] as const;
type Known = (typeof KNOWN)[number];

/**
 * An error as a page shows it: the catalogue's words for the refusals above, the API's own
 * message (it names the field or the thing) for the rest.
 */
export function useErrorText() {
  const t = useTranslations('common.apiErrors');
  return (e: Error) =>
    e instanceof ApiRequestError && (KNOWN as readonly string[]).includes(e.code ?? '')
      ? t(e.code as Known)
      : e.message;
}
