import { describe, expect, it } from 'vitest';
import { plan, PlanError, type TargetTable } from './plan';
import type { SourceTable } from './source';

const src = (name: string, references: string[] = [], cols = ['id']): SourceTable => ({
  name,
  columns: cols.map((c) => ({ name: c, type: 'integer' })),
  key: ['id'],
  references,
});
const tgt = (name: string, references: string[] = [], cols = ['id']): TargetTable => ({
  name,
  columns: new Map(cols.map((c) => [c, 'bigint'])),
  references,
  hasTriggers: false,
});

describe('the copy plan', () => {
  it('puts every table after the tables its foreign keys point at, in either database', () => {
    const order = plan(
      [src('trades', ['machines']), src('machines', ['sites']), src('sites'), src('alerts')],
      [tgt('trades'), tgt('machines'), tgt('sites'), tgt('alerts', ['trades'])],
    ).map((p) => p.source.name);
    expect(order.indexOf('sites')).toBeLessThan(order.indexOf('machines'));
    expect(order.indexOf('machines')).toBeLessThan(order.indexOf('trades'));
    expect(order.indexOf('trades')).toBeLessThan(order.indexOf('alerts'));
  });

  it('takes each column’s type from the target', () => {
    const [p] = plan(
      [src('m', [], ['id', 'ok'])],
      [
        {
          ...tgt('m'),
          columns: new Map([
            ['ok', 'boolean'],
            ['id', 'bigint'],
            ['extra', 'text'],
          ]),
        },
      ],
    );
    expect(p!.columns).toEqual(['id', 'ok']);
    expect(p!.types).toEqual(['bigint', 'boolean']);
  });

  it('refuses a source table or column the target has no place for', () => {
    expect(() => plan([src('gone')], [tgt('other')])).toThrow(/no table for gone/);
    expect(() => plan([src('m', [], ['id', 'note'])], [tgt('m')])).toThrow(/m has no column note/);
  });

  it('names a cycle of foreign keys', () => {
    expect(() => plan([src('a', ['b']), src('b', ['a'])], [tgt('a'), tgt('b')])).toThrow(PlanError);
  });
});
