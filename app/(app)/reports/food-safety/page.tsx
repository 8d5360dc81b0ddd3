import { requirePage } from '@/lib/auth/server';
import { getConfig } from '@/lib/config';
import { titled } from '@/lib/i18n/title';
import { readValue } from '@/lib/reads';
import { foodSafetyQuerySchema } from '@/lib/reports/food-safety-read';
import { foodSafetyQuery, parseFoodSafetySearch } from '@/lib/reports/queries';
import { Prefetched } from '../../admin/prefetch';
import { FoodSafetyClient } from './client';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('foodSafety');

/** The moment the default range counts back from. */
const nowSeconds = () => Math.floor(Date.now() / 1000);

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function FoodSafetyPage({ searchParams }: { searchParams: Search }) {
  await requirePage('/reports/food-safety');
  const search = parseFoodSafetySearch(
    await searchParams,
    nowSeconds(),
    getConfig().FLEET_TIME_ZONE,
  );
  const parsed = foodSafetyQuerySchema.safeParse(search);
  return (
    <Prefetched
      fill={async (c) => {
        // A range the API refuses is left to the browser, which shows the refusal.
        if (!parsed.success) return;
        const { format: _format, ...params } = parsed.data;
        await c.prefetchQuery({
          ...foodSafetyQuery(search),
          queryFn: () => readValue('foodSafety', params),
        });
      }}
    >
      <FoodSafetyClient initial={search} />
    </Prefetched>
  );
}
