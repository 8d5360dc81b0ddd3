import { getDb } from '@/lib/db';
import { listTokens } from '@/db/queries/auth';
import { tokensQuery } from '@/lib/admin/queries';
import { tokenView } from '@/lib/auth/api-tokens';
import { requirePage } from '@/lib/auth/server';
import { Prefetched } from '../prefetch';
import { TokensClient } from './client';
import { titled } from '@/lib/i18n/title';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('tokens');

export default async function TokensPage() {
  await requirePage('/admin/tokens');
  return (
    <Prefetched
      fill={(c) =>
        c.prefetchQuery({
          ...tokensQuery(),
          queryFn: async () => ({ items: (await listTokens(getDb())).map(tokenView) }),
        })
      }
    >
      <TokensClient />
    </Prefetched>
  );
}
