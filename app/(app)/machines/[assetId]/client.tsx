'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'use-intl';
import { useErrorText } from '@/components/use-error-text';
import { CabinetPanel } from '@/components/cabinets/cabinet-panel';
import { MachineHeader } from '@/components/machine/machine-header';
import { RecentTrades } from '@/components/machine/recent-trades';
import { ShelfMap } from '@/components/machine/shelf-map';
import { Temperatures } from '@/components/machine/temperatures';
import { Timeline } from '@/components/machine/timeline';
import { machineQuery } from '@/lib/fleet/machine-queries';
import { BackLink } from '@/components/back-link';
import { MachineLinks, type MachineLinkSet } from '@/components/machine/machine-links';

/**
 * The machine page: header, shelf map, temperatures, history and (for roles that may see
 * money) recent trades. Every part refreshes by itself while the page is open.
 */
export function MachineClient({
  assetId,
  showTrades,
  links,
}: {
  assetId: string;
  showTrades: boolean;
  links: MachineLinkSet;
}) {
  const t = useTranslations('machine');
  const errorText = useErrorText();
  const { data, error, dataUpdatedAt } = useQuery(machineQuery(assetId));
  return (
    <article aria-labelledby="machine-heading" className="space-y-6">
      <BackLink fallback="/machines" label={t('back')} />
      {error && (
        <p role="alert" className="text-red-700">
          {t('loadError', { message: errorText(error) })}
        </p>
      )}
      {data && (
        <>
          <MachineHeader m={data} updatedAt={dataUpdatedAt} />
          <MachineLinks assetId={assetId} lineId={data.lineId} may={links} />
          {data.platform === 'saas' ? (
            <CabinetPanel machineId={assetId} />
          ) : (
            <ShelfMap containers={data.containers} now={Math.floor(dataUpdatedAt / 1000)} />
          )}
          <div className="grid gap-6 xl:grid-cols-2">
            <Temperatures
              assetId={assetId}
              latest={data.temperatures}
              outOfBand={data.outOfBand}
              now={Math.floor(dataUpdatedAt / 1000)}
            />
            <Timeline m={data} now={Math.floor(dataUpdatedAt / 1000)} />
          </div>
          {showTrades && <RecentTrades assetId={assetId} />}
        </>
      )}
    </article>
  );
}
