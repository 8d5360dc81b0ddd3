import { describe, expect, it } from 'vitest';
import { ConfigError, getConfig } from './config';

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

  it('refuses a PostgreSQL URL with a message saying why, instead of making a file of that name', () => {
    for (const url of ['postgres://u@db/fleet', 'postgresql://u@db/fleet', 'POSTGRES://x']) {
      expect(() => getConfig({ ...base, DATABASE_URL: url })).toThrow(ConfigError);
      expect(() => getConfig({ ...base, DATABASE_URL: url })).toThrow(/db:copy/);
    }
  });
});
