import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCopyArgs } from './args';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-copy-args-'));
const file = path.join(dir, 'vending.db');
fs.writeFileSync(file, '');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const URL_ = 'postgres://u:p@127.0.0.1:5432/vending';

describe('db:copy arguments', () => {
  it('accepts a file and a postgres:// URL, with a default chunk', () => {
    expect(parseCopyArgs(['--from', file, '--to', URL_])).toEqual({
      from: file,
      to: URL_,
      chunkRows: 20000,
      verifyOnly: false,
    });
    expect(
      parseCopyArgs(['--from', file, '--to', URL_, '--verify-only', '--chunk', '500']),
    ).toMatchObject({
      chunkRows: 500,
      verifyOnly: true,
    });
  });

  it('says which argument is missing or wrong', () => {
    expect(parseCopyArgs(['--to', URL_])).toEqual({
      error: expect.stringMatching(/--from is missing/),
    });
    expect(parseCopyArgs(['--from', file])).toEqual({
      error: expect.stringMatching(/--to is missing/),
    });
    expect(parseCopyArgs(['--from', path.join(dir, 'nope.db'), '--to', URL_])).toEqual({
      error: expect.stringMatching(/no such file/),
    });
    expect(parseCopyArgs(['--from', dir, '--to', URL_])).toEqual({
      error: expect.stringMatching(/not a file/),
    });
    expect(parseCopyArgs(['--from', file, '--to', 'mysql://x/y'])).toEqual({
      error: expect.stringMatching(/postgres:\/\/ URL/),
    });
    expect(parseCopyArgs(['--from', file, '--to', URL_, '--chunk', '0'])).toEqual({
      error: expect.stringMatching(/--chunk/),
    });
    expect(parseCopyArgs(['--from', file, '--to', URL_, '--force'])).toEqual({
      error: expect.stringMatching(/--force/),
    });
  });
});
