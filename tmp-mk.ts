import { openDb } from '@/db/client';
const db = openDb(process.argv[2]!);
for (const t of process.argv.slice(3)) db.$client.exec(`drop trigger ${t}`);
db.$client.close();
