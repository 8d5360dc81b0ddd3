import { requirePage } from '@/lib/auth/server';
import { getI18n } from '@/lib/i18n/server';
import { titled } from '@/lib/i18n/title';
import { DeliveriesSection } from './deliveries-section';
import { RulesSection } from './rules-section';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('notifications');

/**
 * Settings → Notifications. (Area B's page: its rules and delivery log sections; the channels
 * section is area B1's, merged into this page by the lead.)
 */
export default async function NotificationsPage() {
  await requirePage('/admin/notifications');
  const { t } = await getI18n();
  return (
    <div className="space-y-8">
      <h1 className="text-xl font-semibold">{t('nav.notifications')}</h1>
      <RulesSection />
      <DeliveriesSection />
    </div>
  );
}
