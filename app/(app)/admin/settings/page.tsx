import { getDb } from '@/db/client';
import { credentialsQuery, thresholdsQuery } from '@/lib/admin-queries';
import { getThresholds } from '@/lib/alerts/thresholds';
import { requirePage } from '@/lib/auth/server';
import { getConfig } from '@/lib/config';
import { credentialViews, environmentCredentials } from '@/lib/settings/platform-credentials';
import { Prefetched } from '../prefetch';
import { SettingsClient } from './client';
import { ThresholdsForm } from './thresholds';
import { titled } from '@/lib/i18n/title';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('settings');

export default async function SettingsPage() {
  await requirePage('/admin/settings');
  return (
    <Prefetched
      fill={async (c) => {
        await c.prefetchQuery({ ...thresholdsQuery(), queryFn: () => getThresholds(getDb()) });
        await c.prefetchQuery({
          ...credentialsQuery(),
          queryFn: () => ({
            items: credentialViews(getDb()),
            environment: environmentCredentials(),
            encryptionReady: Boolean(getConfig().APP_SECRET),
          }),
        });
      }}
    >
      <div className="space-y-8">
        <SettingsClient />
        <ThresholdsForm />
      </div>
    </Prefetched>
  );
}
