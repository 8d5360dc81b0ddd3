import 'server-only';
import fs from 'node:fs';
import { parseArgs } from 'node:util';

export interface CopyArgs {
  from: string;
  to: string;
  chunkRows: number;
  verifyOnly: boolean;
}

export const USAGE =
  'usage: npm run db:copy -- --from ./data/vending.db --to postgres://user:pass@host:5432/db [--chunk 20000] [--verify-only]';

/** The command line, or the one sentence that says what is wrong with it. */
export function parseCopyArgs(argv: string[]): CopyArgs | { error: string } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        chunk: { type: 'string', default: '20000' },
        'verify-only': { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    return { error: (e as Error).message };
  }
  const { from, to, chunk } = values;
  if (!from) return { error: '--from is missing: the SQLite database file to copy' };
  if (!to) return { error: '--to is missing: the postgres:// URL of an empty database' };
  if (!fs.existsSync(from)) return { error: `--from: no such file: ${from}` };
  if (!fs.statSync(from).isFile()) return { error: `--from: ${from} is not a file` };
  if (!/^postgres(ql)?:\/\//.test(to)) {
    return { error: `--to must be a postgres:// URL, not ${JSON.stringify(to)}` };
  }
  try {
    new URL(to);
  } catch {
    return { error: `--to: ${JSON.stringify(to)} is not a valid URL` };
  }
  const chunkRows = Number(chunk);
  if (!Number.isInteger(chunkRows) || chunkRows < 1 || chunkRows > 1_000_000) {
    return {
      error: `--chunk must be a whole number from 1 to 1000000, not ${JSON.stringify(chunk)}`,
    };
  }
  return { from, to, chunkRows, verifyOnly: values['verify-only'] };
}
