import 'server-only';
import type { Metadata } from 'next';
import type { NavLabel } from '@/lib/nav';
import { getI18n } from './server';

/**
 * A page's `<title>`: its name in the navigation, in the reader's language, before the app's
 * (the root layout's template adds " · app name"). Each page exports
 * `generateMetadata = titled('sales')`, or `titledAs` for a title of its own (a machine's name).
 */
export function titled(label: NavLabel) {
  return async (): Promise<Metadata> => {
    const { t } = await getI18n();
    return { title: t(`nav.${label}`) };
  };
}

/** A title built from the reader's translations and the page's own params. */
export function titledAs<P>(
  make: (t: (key: string, values?: Record<string, string | number>) => string, params: P) => string,
) {
  return async ({ params }: { params: Promise<P> }): Promise<Metadata> => {
    const { t } = await getI18n();
    return { title: make(t as never, await params) };
  };
}
