import { describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/settings-kv';
import { bothEngines } from './machine-parity';
import * as pgq from './settings-kv';

const e = bothEngines();

describe('key-value settings on PostgreSQL, beside SQLite', () => {
  it('write, overwrite and read JSON values alike', async () => {
    const values: [string, unknown][] = [
      ['a', { n: 1, s: 'é', list: [1, null] }],
      ['b', 0],
      ['a', 'again'],
      ['c', null],
    ];
    for (const [k, v] of values) {
      await lite.writeSetting(e.lite, k, v, 100, 'ann');
      await pgq.writeSetting(e.pg, k, v, 100, 'ann');
    }
    for (const k of ['a', 'b', 'c', 'missing'])
      expect(await pgq.readSetting(e.pg, k)).toEqual(await lite.readSetting(e.lite, k));
    expect(await pgq.readSetting(e.pg, 'a')).toBe('again');
    expect(await pgq.readSetting(e.pg, 'c')).toBeNull();
    expect(await pgq.readSetting(e.pg, 'missing')).toBeUndefined();
    const q = 'select * from app_settings order by key';
    expect((await e.pg.$client.query(q)).rows).toEqual(e.lite.$client.prepare(q).all());
  });
});
