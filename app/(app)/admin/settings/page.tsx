import { getDb } from '@/db/client';
import { credentialsQuery } from '@/lib/admin-queries';
import { requirePage } from '@/lib/auth/server';
import { getConfig } from '@/lib/config';
import { credentialViews, environmentCredentials } from '@/lib/settings/platform-credentials';
import { Prefetched } from '../prefetch';
import { SettingsClient } from './client';

export const dynamic = 'force-dynamic';

export default async function SettingsPage() {
  await requirePage('/admin/settings');
  return (
    <Prefetched
      fill={(c) =>
        c.prefetchQuery({
          ...credentialsQuery(),
          queryFn: () => ({
            items: credentialViews(getDb()),
            environment: environmentCredentials(),
            encryptionReady: Boolean(getConfig().APP_SECRET),
          }),
        })
      }
    >
      <SettingsClient />
    </Prefetched>
  );
}
