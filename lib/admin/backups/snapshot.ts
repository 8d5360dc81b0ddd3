import 'server-only';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

// SQLite's online backup, beside the engine's other file operations (D97).
const CHILD = fileURLToPath(new URL('../../../db/engine/sqlite/copy-child.mjs', import.meta.url));

/** Where a backup went wrong: the copy, its check, or the upload after it. */
export class BackupError extends Error {
  constructor(
    readonly stage: 'copy' | 'check' | 'upload',
    message: string,
  ) {
    super(message);
  }
}

export interface Snapshot {
  file: string;
  bytes: number;
  durationMs: number;
  /** integrity_check up to BACKUP_FULL_CHECK_MB, quick_check above (D91). */
  check: 'integrity' | 'quick';
}

/**
 * Copies the database at `source` into `file` as one consistent snapshot and checks the copy,
 * in a child process (db/engine/sqlite/copy-child.mjs). The copy is written beside `file` and
 * renamed into place only once its check passed, so a file named like a snapshot is one.
 * `signal` ends the child at once (a shutdown); the partial copy is removed.
 */
export async function takeSnapshot(
  source: string,
  file: string,
  o: { fullCheckBytes: number; signal?: AbortSignal },
): Promise<Snapshot> {
  const started = performance.now();
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true });
  try {
    const result = await runChild([source, partial, String(o.fullCheckBytes)], o.signal);
    if (!result.ok) {
      const stage = result.stage === 'copy' ? 'copy' : 'check';
      throw new BackupError(stage, result.problems.join('; ') || 'the copy failed');
    }
    fs.renameSync(partial, file);
    return {
      file,
      bytes: fs.statSync(file).size,
      durationMs: Math.round(performance.now() - started),
      check: result.check ?? 'integrity',
    };
  } finally {
    fs.rmSync(partial, { force: true });
    fs.rmSync(`${partial}-journal`, { force: true });
  }
}

interface ChildResult {
  ok: boolean;
  stage?: string;
  check?: 'integrity' | 'quick';
  problems: string[];
}

function runChild(args: string[], signal?: AbortSignal): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new BackupError('copy', 'stopped before it began'));
    const child = spawn(process.execPath, [CHILD, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      signal,
      killSignal: 'SIGKILL',
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', (e) =>
      reject(new BackupError('copy', signal?.aborted ? 'stopped by shutdown' : e.message)),
    );
    child.on('close', () => {
      if (signal?.aborted) return reject(new BackupError('copy', 'stopped by shutdown'));
      const line = out.trim().split('\n').pop();
      try {
        resolve(JSON.parse(line ?? '') as ChildResult);
      } catch {
        reject(new BackupError('copy', err.trim() || 'the copy process ended without a result'));
      }
    });
  });
}
