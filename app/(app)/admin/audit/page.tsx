import { getDb } from '@/db/client';
import { auditActions, listAudit } from '@/db/queries/audit';
import { auditQuery } from '@/lib/admin-queries';
import { requirePage } from '@/lib/auth/server';
import { Prefetched } from '../prefetch';
import { AuditClient } from './client';

export const dynamic = 'force-dynamic';

export default async function AuditPage() {
  await requirePage('/admin/audit');
  const db = getDb();
  return (
    <Prefetched
      fill={(c) =>
        c.prefetchQuery({
          ...auditQuery({}),
          queryFn: () => {
            const rows = listAudit(db, { limit: 201 });
            const page = rows.slice(0, 200);
            return {
              items: page.map((r) => ({
                ...r,
                before: r.before ? (JSON.parse(r.before) as unknown) : null,
                after: r.after ? (JSON.parse(r.after) as unknown) : null,
              })),
              nextCursor: rows.length > 200 ? String(page.at(-1)!.id) : null,
              actions: auditActions(db),
            };
          },
        })
      }
    >
      <AuditClient />
    </Prefetched>
  );
}
