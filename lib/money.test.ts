import { describe, expect, it } from 'vitest';
import { fenToYuanText, formatFen, yuanTextToFen } from './money';

describe('money', () => {
  it('converts yuan text to fen exactly', () => {
    expect(yuanTextToFen('1.5')).toBe(150);
    expect(yuanTextToFen('0.07')).toBe(7);
    expect(yuanTextToFen('3')).toBe(300);
    expect(yuanTextToFen('19.90')).toBe(1990);
    expect(yuanTextToFen('0.1')).toBe(10);
    expect(yuanTextToFen('2.300')).toBe(230);
  });

  it('refuses amounts with fractions of a fen or no digits', () => {
    expect(() => yuanTextToFen('1.555')).toThrow(RangeError);
    expect(() => yuanTextToFen('abc')).toThrow(RangeError);
    expect(() => yuanTextToFen('')).toThrow(RangeError);
  });

  it('prints fen as yuan', () => {
    expect(fenToYuanText(150)).toBe('1.50');
    expect(fenToYuanText(7)).toBe('0.07');
    expect(fenToYuanText(-1205)).toBe('-12.05');
  });
});

describe('formatFen', () => {
  it('formats exactly, in each language', () => {
    expect(formatFen(123456789012345, 'en')).toBe('CN¥1,234,567,890,123.45');
    expect(formatFen(5, 'zh-CN')).toBe('¥0.05');
    expect(formatFen(-1999, 'en')).toBe('-CN¥19.99');
  });
});
