import { getDb } from '@/lib/db';
import { listUsers } from '@/db/queries/auth';
import { usersQuery } from '@/lib/admin/queries';
import { userView } from '@/lib/auth/accounts';
import { requirePage } from '@/lib/auth/server';
import { Prefetched } from '../prefetch';
import { UsersClient } from './client';
import { titled } from '@/lib/i18n/title';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('users');

export default async function UsersPage() {
  const me = await requirePage('/admin/users');
  return (
    <Prefetched
      fill={(c) =>
        c.prefetchQuery({
          ...usersQuery(),
          queryFn: async () => ({ items: (await listUsers(getDb())).map(userView) }),
        })
      }
    >
      <UsersClient myId={me.kind === 'user' ? me.id : null} />
    </Prefetched>
  );
}
