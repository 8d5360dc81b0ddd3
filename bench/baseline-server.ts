import { createServer } from 'node:http';
import Database from 'better-sqlite3';
import { verifySignature } from '@/lib/platforms/signing';

/**
 * The benchmark's baseline: a bare node:http server with better-sqlite3 (WAL, NORMAL) doing the
 * same signature verification and one insert per signed trade push, and nothing else.
 */
const db = new Database(process.env.DATABASE_URL!);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('create table if not exists trades (id text primary key, body text not null)');
const insert = db.prepare('insert or ignore into trades (id, body) values (?, ?)');
const key = process.env.SMARTVENDING_KEY!;

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    let ok = false;
    try {
      const parsed = JSON.parse(body) as Record<string, unknown>;
      ok = verifySignature({ body, parsed, secret: key }) !== null;
      if (ok) insert.run(String(parsed.id), body);
    } catch {
      ok = false;
    }
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(ok ? '{"result":"SUCCESS"}' : '{"result":"FAIL","errorCode":"SIGN_INVALID"}');
  });
});
server.listen(0, '127.0.0.1', () => {
  const a = server.address();
  console.log(`ready on http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
