import { describe, expect, it } from 'vitest';
import { readTypedDate } from './date-input';

describe('readTypedDate', () => {
  it('reads year-first numbers in both languages', () => {
    for (const locale of ['zh-CN', 'en']) {
      expect(readTypedDate('2026-12-03', locale)).toBe('2026-12-03');
      expect(readTypedDate('2026/12/03', locale)).toBe('2026-12-03');
      expect(readTypedDate(' 2026/12/3 ', locale)).toBe('2026-12-03');
    }
    expect(readTypedDate('2026年12月3日', 'zh-CN')).toBe('2026-12-03');
  });

  it('reads what the English date format shows, in English only', () => {
    expect(readTypedDate('Dec 3, 2026', 'en')).toBe('2026-12-03');
    expect(readTypedDate('december 3 2026', 'en')).toBe('2026-12-03');
    expect(readTypedDate('Dec 3, 2026', 'zh-CN')).toBeNull();
  });

  it('refuses dates that do not exist and ambiguous or partial input', () => {
    expect(readTypedDate('2026/02/30', 'en')).toBeNull();
    expect(readTypedDate('2026/13/01', 'zh-CN')).toBeNull();
    expect(readTypedDate('03/12/2026', 'en')).toBeNull();
    expect(readTypedDate('2026/12', 'zh-CN')).toBeNull();
    expect(readTypedDate('yesterday', 'en')).toBeNull();
    expect(readTypedDate('', 'en')).toBeNull();
  });
});
