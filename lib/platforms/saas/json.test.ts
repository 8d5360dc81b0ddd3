import { describe, expect, it } from 'vitest';
import { FIRST_UNSAFE, ID_PAST_2_53 } from '@/e2e/support/saas-shapes';
import { idNumber, parseSaasJson, stringifySaasJson } from './json';

describe('the SAAS platform’s JSON (D73)', () => {
  it('keeps every digit of a number a double cannot hold, as text', () => {
    const v = parseSaasJson(`{"a":${ID_PAST_2_53},"b":[${FIRST_UNSAFE}],"c":12345678901234567890}`);
    expect(v).toEqual({ a: ID_PAST_2_53, b: [FIRST_UNSAFE], c: '12345678901234567890' });
  });

  it('reads every other number as JSON.parse does', () => {
    const text = '{"id":2164367863923397,"price":3.00,"p":1.49,"t":1743496289599,"n":-2,"e":2e3}';
    expect(parseSaasJson(text)).toEqual(JSON.parse(text));
  });

  it('keeps the last of a key given twice, and refuses what is not JSON', () => {
    expect(parseSaasJson('{"a":1,"a":2}')).toEqual({ a: 2 });
    expect(() => parseSaasJson('{"a":1} x')).toThrow(SyntaxError);
    expect(() => parseSaasJson('')).toThrow(SyntaxError);
  });

  it('writes an id past 2^53 back as the same number', () => {
    const body = { TransId: idNumber(ID_PAST_2_53), Mid: idNumber('2412090001'), x: 'a' };
    expect(stringifySaasJson(body)).toBe(`{"TransId":${ID_PAST_2_53},"Mid":2412090001,"x":"a"}`);
    expect(idNumber('T-1')).toBe('T-1');
    expect(stringifySaasJson({ a: undefined, b: [1.5, null] })).toBe('{"b":[1.5,null]}');
  });
});
