import 'server-only';
import fs from 'node:fs';
import { encoderFor, keyFromJson, keyToJson, lines, ValueError } from './encode';
import { plan, type TablePlan } from './plan';
import { SqliteSource, type SourceRow } from './source';
import * as progressOf from './progress';
import { PgTarget, redact } from './target';
import { checks, compare, describeMismatch, type Mismatch } from './verify';

export interface CopyOptions {
  from: string;
  to: string;
  /** Rows per chunk: one COPY and one progress update in one transaction. */
  chunkRows: number;
  verifyOnly: boolean;
  /** Applies the PostgreSQL migrations (db/engine/postgres). */
  migrate: (url: string) => Promise<void>;
  log: (line: string) => void;
  /** Tests: called inside a chunk's transaction after its COPY, before its commit. */
  beforeCommit?: (table: string, chunk: number) => void;
}

export interface TableSummary {
  table: string;
  rows: number;
  copied: number;
  seconds: number;
}

export interface CopyResult {
  tables: TableSummary[];
  mismatches: Mismatch[];
}

/** Stops the copy with a message for the operator (exit code 2), not a stack trace. */
export class CopyRefused extends Error {}

export async function runCopy(o: CopyOptions): Promise<CopyResult> {
  const source = new SqliteSource(o.from);
  let target: PgTarget | undefined;
  try {
    source.begin();
    target = await PgTarget.connect(o.to);
    const sourcePath = fs.realpathSync(o.from);
    const startedFrom = await progressOf.startedFrom(target.client);
    if (o.verifyOnly && startedFrom === null) {
      throw new CopyRefused(`${redact(o.to)} holds no copy made by db:copy: nothing to verify`);
    }
    if (startedFrom !== null && startedFrom !== sourcePath) {
      throw new CopyRefused(
        `${redact(o.to)} holds a copy of ${startedFrom}, not of ${sourcePath}: copy into an empty database`,
      );
    }
    if (startedFrom === null) {
      const full = await target.tablesWithRows();
      if (full.length > 0) {
        const more = full.length > 3 ? ` and ${full.length - 3} more` : '';
        throw new CopyRefused(
          `${redact(o.to)} is not empty (${full.slice(0, 3).join(', ')}${more} hold rows): db:copy copies into an empty database only`,
        );
      }
    }
    if (!o.verifyOnly) await o.migrate(o.to);
    const plans = plan(source.tables(), await target.describe());
    if (startedFrom === null) await progressOf.startCopy(target.client, sourcePath);
    const names = plans.map((p) => p.source.name);
    if (!o.verifyOnly) await progressOf.ensureProgress(target.client, names);
    const progress = await progressOf.readProgress(target.client);
    const unfinished = names.filter((n) => !progress.get(n)?.done);
    const pending = await progressOf.pendingConstraints(target.client);
    if (o.verifyOnly && (unfinished.length > 0 || pending > 0)) {
      throw new CopyRefused(
        `the copy is not finished (${unfinished.length} of ${names.length} tables left, ${pending} foreign keys and indexes to add back): run it again without --verify-only to resume`,
      );
    }

    const tables: TableSummary[] = [];
    if (!o.verifyOnly) {
      o.log(`copying ${sourcePath} into ${redact(o.to)}, ${o.chunkRows} rows a chunk`);
      if (startedFrom !== null) {
        o.log(`resuming: ${names.length - unfinished.length} of ${names.length} tables copied`);
      }
      let lastSaid = performance.now();
      for (const p of plans) {
        const started = performance.now();
        const state = progress.get(p.source.name);
        let rows = state?.rows ?? 0;
        let copied = 0;
        let after = state?.lastKey ? keyFromJson(state.lastKey) : null;
        let done = state?.done ?? false;
        let chunk = 0;
        const encoders = p.types.map(encoderFor);
        while (!done) {
          const batch = source.chunk(p.source, after, o.chunkRows);
          done = batch.length < o.chunkRows;
          const n = p.columns.length;
          const text = encode(p, encoders, batch);
          if (batch.length > 0) after = batch.at(-1)!.slice(n);
          chunk++;
          await target.copyChunk({
            table: p.target,
            columns: p.columns,
            lines: text,
            rows: batch.length,
            lastKey: after ? keyToJson(after) : '[]',
            done,
            beforeCommit: o.beforeCommit ? () => o.beforeCommit!(p.source.name, chunk) : undefined,
          });
          rows += batch.length;
          copied += batch.length;
          if (performance.now() - lastSaid > 10_000) {
            lastSaid = performance.now();
            o.log(`  ${p.source.name}: ${rows} rows so far`);
          }
        }
        const seconds = (performance.now() - started) / 1000;
        tables.push({ table: p.source.name, rows, copied, seconds });
        if (copied > 0) o.log(summaryLine(tables.at(-1)!));
      }
      const floors = source.autoincrementMarks();
      for (const p of plans) await target.setSequences(p.target.name, floors);
      const ixStarted = performance.now();
      const broken = await progressOf.restoreIndexes(target.client);
      if (broken) throw new CopyRefused(broken);
      o.log(`indexes built (${((performance.now() - ixStarted) / 1000).toFixed(1)} s)`);
      const fkStarted = performance.now();
      const breach = await progressOf.restoreConstraints(target.client);
      if (breach) throw new CopyRefused(breach);
      o.log(
        `foreign keys added back and checked (${((performance.now() - fkStarted) / 1000).toFixed(1)} s)`,
      );
    }

    const mismatches: Mismatch[] = [];
    const verifyStarted = performance.now();
    for (const p of plans) {
      const list = checks(p);
      const s = source.aggregate(
        p.source.name,
        list.map((c) => c.sqlite),
      );
      const t = await target.aggregate(
        p.target.name,
        list.map((c) => c.pg),
      );
      if (o.verifyOnly)
        tables.push({ table: p.source.name, rows: Number(t[0]), copied: 0, seconds: 0 });
      mismatches.push(...compare(p.source.name, list, s, t));
    }
    const vs = ((performance.now() - verifyStarted) / 1000).toFixed(1);
    if (mismatches.length > 0) {
      for (const m of mismatches) o.log(`MISMATCH ${describeMismatch(m)}`);
    } else {
      await progressOf.markVerified(target.client);
      o.log(`verified: ${plans.length} tables, counts and sums equal (${vs} s)`);
    }
    return { tables, mismatches };
  } finally {
    source.close();
    await target?.end();
  }
}

function encode(
  p: TablePlan,
  encoders: Awaited<ReturnType<typeof encoderFor>>[],
  batch: SourceRow[],
): string {
  try {
    return lines(batch, encoders);
  } catch (e) {
    if (!(e instanceof ValueError)) throw e;
    // Name the value precisely: the table, row and column the operator must look at.
    for (const row of batch) {
      for (let i = 0; i < encoders.length; i++) {
        try {
          encoders[i]!(row[i]!);
        } catch (err) {
          const key = row.slice(p.columns.length).map(String).join(', ');
          throw new CopyRefused(
            `${p.source.name} (${p.source.key.join(', ')}) = (${key}), column ${p.columns[i]} (${p.types[i]}): ${(err as Error).message}`,
          );
        }
      }
    }
    throw e;
  }
}

export function summaryLine(s: TableSummary): string {
  const head = `${s.table.padEnd(28)} ${String(s.rows).padStart(10)} rows`;
  if (s.seconds === 0) return head;
  const rate = Math.round(s.copied / s.seconds);
  return `${head}  ${s.seconds.toFixed(1).padStart(7)} s  ${String(rate).padStart(8)} rows/s`;
}
