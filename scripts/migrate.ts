import { getConfig } from '@/lib/config';
import { closeDb, getDb } from '@/db/client';

getDb();
closeDb();
console.log(`migrations applied to ${getConfig().DATABASE_URL}`);
