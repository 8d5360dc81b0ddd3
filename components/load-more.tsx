'use client';

import { useTranslations } from 'use-intl';
import { quietButtonClass } from './form';

/** The part of an infinite query's result a "load more" button needs. */
interface Pages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** "Load more" under a paged list, while there is a next page. */
export function LoadMore({ query }: { query: Pages }) {
  const t = useTranslations('common');
  if (!query.hasNextPage) return null;
  return (
    <button
      type="button"
      className={quietButtonClass}
      disabled={query.isFetchingNextPage}
      onClick={() => void query.fetchNextPage()}
    >
      {t('more')}
    </button>
  );
}
