import { getConfig } from '@/lib/config';
import { closeDb, getDb } from '@/lib/db';

getDb();
closeDb();
console.log(`migrations applied to ${getConfig().DATABASE_URL}`);
