import { describe, expect, it } from 'vitest';
import { ConfigError, databaseEngine, getConfig } from './config';

const base = { FLEET_TIME_ZONE: 'Asia/Shanghai' } as unknown as NodeJS.ProcessEnv;

describe('DATABASE_URL', () => {
  it('is a SQLite file, with or without file:', () => {
    expect(getConfig({ ...base, DATABASE_URL: 'file:./data/x.db' }).DATABASE_URL).toBe(
      './data/x.db',
    );
    expect(getConfig({ ...base, DATABASE_URL: '/srv/fleet.db' }).DATABASE_URL).toBe(
      '/srv/fleet.db',
    );
  });

  it('takes a PostgreSQL URL as PostgreSQL, kept as written (D111)', () => {
    for (const url of [
      'postgres://u:p@db:5432/fleet',
      'postgresql://u@db/fleet?sslmode=require',
      'postgres:///fleet?host=/run/postgresql',
    ]) {
      const c = getConfig({ ...base, DATABASE_URL: url });
      expect(c.DATABASE_URL).toBe(url);
      expect(databaseEngine(c)).toBe('postgres');
    }
    expect(databaseEngine(getConfig({ ...base, DATABASE_URL: './x.db' }))).toBe('sqlite');
  });

  it('refuses a malformed PostgreSQL URL with a message saying what is wrong', () => {
    for (const [url, why] of [
      ['postgres://u@db:notaport/fleet', /not a valid PostgreSQL URL/],
      ['POSTGRES://x', /names no database/],
      ['postgres:///fleet', /names no host/],
    ] as const) {
      expect(() => getConfig({ ...base, DATABASE_URL: url })).toThrow(ConfigError);
      expect(() => getConfig({ ...base, DATABASE_URL: url })).toThrow(why);
    }
  });
});
