import { getConfig } from '@/lib/config';
import { closeDb, startDb } from '@/lib/db';

await startDb();
await closeDb();
const url = getConfig().DATABASE_URL;
// A PostgreSQL URL may carry a password: say where, not how.
console.log(`migrations applied to ${url.replace(/\/\/[^@/]*@/, '//')}`);
