import { getDb } from '@/lib/db';
import { requirePage } from '@/lib/auth/server';
import { getConfig } from '@/lib/config';
import { getI18n } from '@/lib/i18n/server';
import { titled } from '@/lib/i18n/title';
import { channelViews } from '@/lib/notifications/channels/manage';
import { channelsQuery } from '@/lib/notifications/channels/queries';
import { Prefetched } from '../prefetch';
import { ChannelsSection } from './channels-section';
import { DeliveriesSection } from './deliveries-section';
import { RulesSection } from './rules-section';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('notifications');

/** Settings → Notifications: the channels, the rules (area B) and the delivery log (area B). */
export default async function NotificationsPage() {
  await requirePage('/admin/notifications');
  const { t } = await getI18n();
  return (
    <div className="space-y-8">
      <h1 className="text-xl font-semibold">{t('nav.notifications')}</h1>
      <Prefetched
        fill={(c) =>
          c.prefetchQuery({
            ...channelsQuery(),
            queryFn: async () => ({
              items: await channelViews(getDb()),
              encryptionReady: Boolean(getConfig().APP_SECRET),
            }),
          })
        }
      >
        <ChannelsSection />
      </Prefetched>
      <RulesSection />
      <DeliveriesSection />
    </div>
  );
}
