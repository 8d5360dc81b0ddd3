import { auditQuery } from '@/lib/admin/queries';
import { requirePage } from '@/lib/auth/server';
import { readValue } from '@/lib/reads';
import { Prefetched } from '../prefetch';
import { AuditClient } from './client';
import { titled } from '@/lib/i18n/title';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('audit');

export default async function AuditPage() {
  await requirePage('/admin/audit');
  return (
    <Prefetched
      fill={(c) =>
        c.prefetchQuery({ ...auditQuery({}), queryFn: () => readValue('audit', { limit: 200 }) })
      }
    >
      <AuditClient />
    </Prefetched>
  );
}
