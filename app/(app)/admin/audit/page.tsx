import { auditQuery } from '@/lib/admin-queries';
import { requirePage } from '@/lib/auth/server';
import { readValue } from '@/lib/reads';
import { Prefetched } from '../prefetch';
import { AuditClient } from './client';

export const dynamic = 'force-dynamic';

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
