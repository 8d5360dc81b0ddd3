import { describe, expect, it } from 'vitest';
import { decimalToMinor, lineAmount, minorToDecimal } from './money';

describe('SAAS money', () => {
  it('converts decimals exactly in the currency’s minor unit', () => {
    expect(decimalToMinor(3.0, 'USD')).toBe(300);
    expect(decimalToMinor(1.49, 'USD')).toBe(149);
    expect(decimalToMinor('0.1', 'CNY')).toBe(10);
    expect(decimalToMinor('50', 'CNY')).toBe(5000);
    expect(decimalToMinor('500', 'JPY')).toBe(500);
    expect(decimalToMinor('1.234', 'USD')).toBeUndefined();
    expect(decimalToMinor('abc', 'USD')).toBeUndefined();
    expect(minorToDecimal(149, 'USD')).toBe('1.49');
  });

  it('prices weighed goods per kilogram, half up', () => {
    expect(lineAmount(1, 3, 250)).toBe(750);
    expect(lineAmount(2, 455, 1600)).toBe(728);
    expect(lineAmount(2, 1, 500)).toBe(1); // 0.5 rounds up
  });
});
