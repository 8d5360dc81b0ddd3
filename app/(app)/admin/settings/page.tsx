import { getDb } from '@/lib/db';
import { clientsQuery, credentialsQuery, thresholdsQuery } from '@/lib/admin/queries';
import { getThresholds } from '@/lib/alerts/thresholds';
import { requirePage } from '@/lib/auth/server';
import { getConfig } from '@/lib/config';
import { clientViews } from '@/lib/settings/clients';
import { credentialViews, environmentCredentials } from '@/lib/settings/platform-credentials';
import { ClientsPanel } from './clients';
import { Prefetched } from '../prefetch';
import { SettingsClient } from './client';
import { ThresholdsForm } from './thresholds';
import { MapTilesForm } from './map-tiles';
import { mapTilesQuery } from '@/lib/fleet/map/queries';
import { getMapTiles } from '@/lib/settings/map-tiles';
import { titled } from '@/lib/i18n/title';
import { backupsQuery } from '@/lib/admin/backups/queries';
import { readBackups } from '@/lib/admin/backups/view';
import { backupsByApp } from '@/lib/admin/backups/engine';
import { BackupsPanel } from './backups';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('settings');

export default async function SettingsPage() {
  await requirePage('/admin/settings');
  return (
    <Prefetched
      fill={async (c) => {
        await c.prefetchQuery({
          ...thresholdsQuery(),
          queryFn: async () => await getThresholds(getDb()),
        });
        await c.prefetchQuery({
          ...credentialsQuery(),
          queryFn: async () => ({
            items: await credentialViews(getDb()),
            environment: environmentCredentials(),
            encryptionReady: Boolean(getConfig().APP_SECRET),
          }),
        });
        await c.prefetchQuery({
          ...mapTilesQuery(),
          queryFn: async () => await getMapTiles(getDb()),
        });
        // On PostgreSQL the panel says backups are PostgreSQL's own, asking nothing (D111).
        if (backupsByApp(getConfig()))
          await c.prefetchQuery({
            ...backupsQuery(),
            queryFn: async () =>
              await readBackups(getDb(), getConfig(), {
                limit: 10,
                now: Math.floor(Date.now() / 1000),
              }),
          });
        await c.prefetchQuery({
          ...clientsQuery(),
          queryFn: async () => ({ items: await clientViews(getDb()) }),
        });
      }}
    >
      <div className="space-y-8">
        <SettingsClient />
        <ClientsPanel />
        <ThresholdsForm />
        <MapTilesForm />
        <BackupsPanel byEngine={!backupsByApp(getConfig())} />
      </div>
    </Prefetched>
  );
}
