import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import Database from 'better-sqlite3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupsView } from '@/lib/admin/backups/view';
import { deviceMessage, tradeMessage } from '../support/messages';
import { getJson, push } from '../support/push';
import { E2E_ENGINE, OUTSIDE_NEXT, startServer, TSX, type RunningServer } from '../support/server';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Runs one of our scripts (`npm run backup` / `restore`) as an operator would. */
function script(name: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; out: string; err: string }>((resolve) => {
    const child = spawn(TSX, [...OUTSIDE_NEXT, `scripts/${name}.ts`, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}
const lastLine = (s: string) => s.trim().split('\n').pop()!;

function checkAndCount(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const check = db.pragma('integrity_check', { simple: true });
    const ids = db.prepare('SELECT trade_id FROM trades').pluck().all() as string[];
    return { check, ids: new Set(ids) };
  } finally {
    db.close();
  }
}

let dir: string;
let server: RunningServer;
let backupDir: string;

// Snapshots of the SQLite file (D91); on PostgreSQL the app takes none (engine-postgres.test.ts).
const skip = E2E_ENGINE === 'postgres';

beforeAll(async () => {
  if (skip) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vending-backups-'));
  backupDir = path.join(dir, 'backups');
  // No schedule here: the snapshots below are the command's.
  server = await startServer({ BACKUP_INTERVAL_H: '0' });
});
afterAll(async () => {
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(skip)('a backup taken while 20 clients push', () => {
  let snapshot: string;
  const ackedBefore: string[] = [];

  it('holds every push acknowledged before it began, and restores to a sound database', async () => {
    const clients = 20;
    for (let c = 0; c < clients; c++) await push(server, 'device', deviceMessage(`9100BK${c}`));
    let pushing = true;
    let backupBegan = false;
    let acked = 0;
    const client = async (c: number) => {
      for (let n = 0; pushing; n++) {
        const id = `BK${c}-${n}`;
        const r = await push(server, 'trade', tradeMessage(id, `9100BK${c}`));
        expect(r.status).toBe(200);
        acked++;
        if (!backupBegan) ackedBefore.push(id);
      }
    };
    const load = Array.from({ length: clients }, (_, c) => client(c));
    while (acked < 400) await new Promise((r) => setTimeout(r, 20));
    backupBegan = true;
    const ackedAtStart = acked;
    const run = await script('backup', [], {
      DATABASE_URL: server.databaseFile,
      BACKUP_DIR: backupDir,
    });
    const ackedDuring = acked;
    await new Promise((r) => setTimeout(r, 200));
    pushing = false;
    await Promise.all(load);
    expect(run.code, run.err).toBe(0);
    expect(ackedDuring).toBeGreaterThan(ackedAtStart); // the pushes went on while it ran
    snapshot = lastLine(run.out);
    expect(path.dirname(snapshot)).toBe(backupDir);
    expect(fs.existsSync(snapshot)).toBe(true);
    expect(fs.readdirSync(backupDir).filter((f) => f.endsWith('.partial'))).toEqual([]);

    // Restored into a new place (the server keeps running on its own database).
    const target = path.join(dir, 'restored', 'vending.db');
    const restore = await script('restore', [snapshot], { DATABASE_URL: target });
    expect(restore.code, restore.err).toBe(0);
    const { check, ids } = checkAndCount(target);
    expect(check).toBe('ok');
    expect(ackedBefore.length).toBeGreaterThanOrEqual(400);
    expect(ackedBefore.filter((id) => !ids.has(id))).toEqual([]);
  });

  it('is listed by the backups API with its size, duration and outcome', async () => {
    const r = await getJson<BackupsView>(server, '/api/v1/backups');
    expect(r.status).toBe(200);
    const last = r.body.items[0]!;
    expect(last).toMatchObject({ outcome: 'ok', file: snapshot, failedAt: null });
    expect(last.bytes).toBe(fs.statSync(snapshot).size);
    expect(last.durationMs).toBeGreaterThan(0);
    expect(last.upload.state).toBe('off');
    expect(r.body.lastGood?.id).toBe(last.id);
    expect(r.body.lastGoodAgeS).toBeGreaterThanOrEqual(0);
    expect(r.body.lastGoodAgeS).toBeLessThan(120);
  });

  it('answers a bad limit with 400 naming it', async () => {
    const r = await getJson<{ error: { code: string; message: string } }>(
      server,
      '/api/v1/backups?limit=0',
    );
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('INVALID_QUERY');
    expect(r.body.error.message).toContain('limit');
  });

  it('restore refuses while the server runs, and leaves its database alone', async () => {
    const before = fs.statSync(server.databaseFile).ino;
    const r = await script('restore', [snapshot], { DATABASE_URL: server.databaseFile });
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/in use .* stop it first/);
    expect(fs.statSync(server.databaseFile).ino).toBe(before);
    expect(fs.readdirSync(path.dirname(server.databaseFile)).join()).not.toContain(
      'before-restore',
    );
    expect((await push(server, 'trade', tradeMessage('BK-after', '9100BK0'))).status).toBe(200);
  });

  it('restore refuses a corrupt file and a file that is not a database, with a clear message', async () => {
    const target = path.join(dir, 'kept', 'vending.db');
    const first = await script('restore', [snapshot], { DATABASE_URL: target });
    expect(first.code, first.err).toBe(0);
    const corrupt = path.join(dir, 'corrupt.db');
    fs.copyFileSync(snapshot, corrupt);
    // Scribble over pages in the middle: SQLite opens the file, the check finds the damage.
    const fd = fs.openSync(corrupt, 'r+');
    const size = fs.statSync(corrupt).size;
    fs.writeSync(
      fd,
      Buffer.alloc(16 * 4096, 0x5a),
      0,
      16 * 4096,
      Math.floor(size / 2 / 4096) * 4096,
    );
    fs.closeSync(fd);
    const notDb = path.join(dir, 'notes.db');
    fs.writeFileSync(notDb, 'these are not the pages you are looking for\n'.repeat(200));
    for (const bad of [corrupt, notDb, path.join(dir, 'missing.db')]) {
      const r = await script('restore', [bad], { DATABASE_URL: target });
      expect(r.code, bad).toBe(2);
      expect(r.err).toContain(`restore refused: ${bad}`);
    }
    // The database in place is the one restored before, whole.
    expect(checkAndCount(target).check).toBe('ok');
    expect(fs.readdirSync(path.dirname(target)).filter((f) => f.includes('restoring'))).toEqual([]);
  });
  it('restore replaces a damaged database, keeping it and its WAL aside', async () => {
    const target = path.join(dir, 'damaged', 'vending.db');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, 'a disk error left this\n'.repeat(300));
    fs.writeFileSync(`${target}-wal`, 'and this\n'.repeat(300));
    const r = await script('restore', [snapshot], { DATABASE_URL: target });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('could not be read');
    const kept = fs.readdirSync(path.dirname(target)).filter((f) => f.includes('before-restore'));
    expect(kept.some((f) => f.endsWith('-wal'))).toBe(true);
    const wal = `${target}-wal`; // gone, or the restored database's own
    expect(fs.existsSync(wal) && fs.readFileSync(wal, 'utf8').includes('and this')).toBe(false);
    expect(checkAndCount(target).ids.size).toBeGreaterThanOrEqual(ackedBefore.length);
  });
});

describe.skipIf(skip)('the upload to S3-compatible storage', () => {
  let s3: S3rver;
  let endpoint: string;
  const bucket = 'vending-backups';
  const s3Dir = () => path.join(dir, 's3');

  beforeAll(async () => {
    fs.mkdirSync(s3Dir(), { recursive: true });
    s3 = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: s3Dir(),
      configureBuckets: [{ name: bucket, configs: [] }],
    });
    const { port } = await s3.run();
    endpoint = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await s3?.close();
  });
  const s3Env = (b = bucket) => ({
    S3_ENDPOINT: endpoint,
    S3_BUCKET: b,
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    S3_PREFIX: 'fleet/',
  });
  const head = async (key: string) => {
    const client = new S3Client({
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    try {
      return (await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ContentLength;
    } finally {
      client.destroy();
    }
  };

  it('records a failed upload, retries it at the next backup, and uploads big files in parts', async () => {
    const database = path.join(dir, 'big', 'vending.db');
    const env = { DATABASE_URL: database, BACKUP_DIR: path.join(dir, 'big-backups') };
    expect((await script('backup', [], env)).code).toBe(0); // migrates a new database
    // 20 MB more, so the next snapshot goes up in parts (8 MiB each).
    const db = new Database(database);
    db.exec('CREATE TABLE padding (b BLOB)');
    const insert = db.prepare('INSERT INTO padding VALUES (randomblob(?))');
    for (let i = 0; i < 20; i++) insert.run(1024 * 1024);
    db.close();

    const failed = await script('backup', [], { ...env, ...s3Env('no-such-bucket') });
    expect(failed.code, failed.err).toBe(0); // the snapshot itself is good
    expect(failed.err).toMatch(/upload failed \(retried at the next backup\)/);
    const firstFile = lastLine(failed.out);

    const ok = await script('backup', [], { ...env, ...s3Env() });
    expect(ok.code, ok.err).toBe(0);
    const secondFile = lastLine(ok.out);
    for (const file of [secondFile, firstFile]) {
      expect(fs.statSync(file).size).toBeGreaterThan(20 * 1024 * 1024);
      expect(await head(`fleet/${path.basename(file)}`)).toBe(fs.statSync(file).size);
    }
    const rows = new Database(database, { readonly: true })
      .prepare('SELECT file, uploaded_to, upload_error FROM backups WHERE file IS NOT NULL')
      .all() as { file: string; uploaded_to: string | null; upload_error: string | null }[];
    for (const file of [firstFile, secondFile])
      expect(rows.find((r) => r.file === file)).toMatchObject({
        uploaded_to: `fleet/${path.basename(file)}`,
        upload_error: null,
      });
  });

  it('the schedule in the server backs up under its lease and uploads, seen in the API', async () => {
    const scheduled = await startServer({
      BACKUP_INTERVAL_H: '0.002', // 7 s: ticks every 1.8 s
      BACKUP_DIR: path.join(dir, 'scheduled'),
      ...s3Env(),
    });
    try {
      let view: BackupsView | undefined;
      for (let i = 0; i < 100; i++) {
        view = (await getJson<BackupsView>(scheduled, '/api/v1/backups')).body;
        if (view.lastGood?.upload.state === 'done') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const last = view!.lastGood!;
      expect(last.outcome).toBe('ok');
      expect(view!.uploadConfigured).toBe(true);
      expect(await head(last.upload.key!)).toBe(last.bytes);
      expect(path.dirname(last.file!)).toBe(path.join(dir, 'scheduled'));
    } finally {
      await scheduled.stop();
    }
  });

  it('a failing backup raises the backupFailed alert and shows where it failed', async () => {
    const notADir = path.join(dir, 'a-file');
    fs.writeFileSync(notADir, 'x');
    const failing = await startServer({ BACKUP_INTERVAL_H: '0.002', BACKUP_DIR: notADir });
    try {
      let view: BackupsView | undefined;
      for (let i = 0; i < 100; i++) {
        view = (await getJson<BackupsView>(failing, '/api/v1/backups')).body;
        if (view.items[0]?.outcome === 'failed') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(view!.items[0]).toMatchObject({ outcome: 'failed', failedAt: 'copy' });
      expect(view!.lastGood).toBeNull();
      // The alert record follows at the same tick or the next.
      let open: unknown[] = [];
      for (let i = 0; i < 50 && open.length === 0; i++) {
        const db = new Database(failing.databaseFile, { readonly: true });
        open = db
          .prepare("SELECT details FROM alerts WHERE kind = 'backupFailed' AND state != 'resolved'")
          .all();
        db.close();
        if (open.length === 0) await new Promise((r) => setTimeout(r, 200));
      }
      expect(open).toEqual([{ details: JSON.stringify({ stage: 'copy' }) }]);
    } finally {
      await failing.stop();
    }
  });
});
