// A snapshot's copy and check, in a child process of its own (D91): the server's thread that
// takes pushes never waits for it, and a shutdown can end it at once (SIGKILL) however long
// the copy's one step has left. argv: SOURCE DEST FULL_CHECK_BYTES. Prints one JSON line.
import fs from 'node:fs';
import Database from 'better-sqlite3';

const [source, dest, fullCheckBytes] = process.argv.slice(2);
const say = (m) => process.stdout.write(`${JSON.stringify(m)}\n`);
const started = Date.now();
try {
  const src = new Database(source, { readonly: true, fileMustExist: true });
  src.pragma('busy_timeout = 5000');
  // The whole copy in ONE step, so inside one read transaction: one consistent snapshot that
  // a write by another connection (the server's) cannot restart, as it would between steps.
  // WAL readers never block the writer; the cost is a WAL that cannot be reset meanwhile.
  await src.backup(dest, { progress: () => 0x7fffffff });
  src.close();
  const copyMs = Date.now() - started;
  const copy = new Database(dest);
  // One self-contained file: no -wal/-shm beside a snapshot.
  copy.pragma('journal_mode = DELETE');
  const full = fs.statSync(dest).size <= Number(fullCheckBytes);
  const rows = copy.pragma(full ? 'integrity_check(20)' : 'quick_check(20)', { simple: false });
  copy.close();
  const problems = rows.map((r) => Object.values(r)[0]).filter((v) => v !== 'ok');
  say({ ok: problems.length === 0, check: full ? 'integrity' : 'quick', problems, copyMs });
  process.exitCode = problems.length === 0 ? 0 : 3;
} catch (e) {
  say({ ok: false, stage: 'copy', problems: [String(e?.message ?? e)] });
  process.exitCode = 2;
}
