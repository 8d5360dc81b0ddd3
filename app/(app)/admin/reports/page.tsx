import { getDb } from '@/lib/db';
import { requirePage } from '@/lib/auth/server';
import { titled } from '@/lib/i18n/title';
import { schedulesQuery } from '@/lib/reports/queries';
import { schedulesView } from '@/lib/reports/schedules';
import { Prefetched } from '../prefetch';
import { ReportSchedulesClient } from './client';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('reports');

export default async function ReportSchedulesPage() {
  await requirePage('/admin/reports');
  return (
    <Prefetched
      fill={(c) =>
        c.prefetchQuery({ ...schedulesQuery(), queryFn: async () => await schedulesView(getDb()) })
      }
    >
      <ReportSchedulesClient />
    </Prefetched>
  );
}
