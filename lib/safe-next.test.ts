import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next';

describe('safeNext', () => {
  it('keeps a path on this site', () => {
    expect(safeNext('/machines?line=3')).toBe('/machines?line=3');
  });
  it('refuses other sites and loops back to the overview', () => {
    for (const v of [
      '//evil.example',
      'https://evil.example',
      '/\\evil.example',
      '',
      null,
      '/login',
    ])
      expect(safeNext(v)).toBe('/');
  });
});
