import { describe, expect, it } from 'vitest';
import { nulAt } from './request';

describe('nulAt', () => {
  it('names the first string or key holding U+0000, or null', () => {
    expect(nulAt({ a: 'x', b: [1, 'y', { c: 'ok' }] })).toBeNull();
    expect(nulAt({ a: 'x', b: [1, 'y\u0000', { c: 'ok' }] })).toBe('b.1');
    expect(nulAt({ a: { 'k\u0000': 1 } })).toBe('a.k\u0000');
    expect(nulAt('\u0000')).toBe('body');
    expect(nulAt(null)).toBeNull();
  });

  it('walks a body nested as deep as 64 KiB allows without overflowing the stack', () => {
    const depth = 64 * 1024;
    const deep = JSON.parse(`${'['.repeat(depth)}"\\u0000"${']'.repeat(depth)}`) as unknown;
    expect(nulAt(deep)).toBe(Array(depth).fill('0').join('.'));
  });
});
