import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { notFound } from 'next/navigation';
import { getDb } from '@/lib/db';
import { requirePage } from '@/lib/auth/server';
import { canView } from '@/lib/auth/rules';
import { pageParam } from '@/lib/edge/url';
import {
  DEFAULT_PRESET,
  machineQuery,
  machineTemperaturesQuery,
  machineTradesQuery,
  temperatureRange,
  TRADE_LIMIT,
  tradeWindowStart,
} from '@/lib/fleet/machine-queries';
import { makeQueryClient } from '@/lib/query-client';
import { readValue } from '@/lib/reads';
import { machineTemperatures } from '@/lib/fleet/temperatures';
import { MachineClient } from './client';
import type { MachineLinkSet } from '@/components/machine/machine-links';
import { titledAs } from '@/lib/i18n/title';

export const dynamic = 'force-dynamic';
export const generateMetadata = titledAs<{ assetId: string }>((_t, p) => pageParam(p.assetId));

export default async function MachinePage({ params }: { params: Promise<{ assetId: string }> }) {
  // Next.js hands pages their params percent-encoded (route handlers get them decoded).
  const assetId = pageParam((await params).assetId);
  const principal = await requirePage(`/machines/${encodeURIComponent(assetId)}`);
  const db = getDb();
  const detail = await readValue('machineDetail', { assetId });
  if (!detail) notFound();
  // Money figures follow the trades API's own rule: planners get neither the section nor a fetch.
  const showTrades = canView(principal.role, '/api/v1/trades');
  // Links to the pages about this machine that the role may open (each owner honours assetId).
  const may = (path: string) => canView(principal.role, path);
  const links: MachineLinkSet = {
    trades: showTrades,
    sales: may('/sales'),
    refills: may('/refills'),
    pickupCodes: may('/pickup-codes'),
    line: may('/lines'),
  };
  const queryClient = makeQueryClient();
  await queryClient.prefetchQuery({ ...machineQuery(assetId), queryFn: () => detail });
  await queryClient.prefetchQuery({
    ...machineTemperaturesQuery(assetId, DEFAULT_PRESET),
    queryFn: async () =>
      await machineTemperatures(db, { assetId, ...temperatureRange(DEFAULT_PRESET) }),
  });
  if (showTrades) {
    await queryClient.prefetchQuery({
      ...machineTradesQuery(assetId),
      queryFn: () =>
        readValue('trades', { assetId, startTime: tradeWindowStart(), limit: TRADE_LIMIT }),
    });
  }
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <MachineClient assetId={assetId} showTrades={showTrades} links={links} />
    </HydrationBoundary>
  );
}
