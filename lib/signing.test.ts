import { describe, expect, it } from 'vitest';
import {
  canonicalEntries,
  rawEntries,
  signBody,
  signEntries,
  signaturesEqual,
  stringToSign,
  verifySignature,
} from './signing';

const WX_KEY = '192006250b4c09247ec02edce69f6a2d';

describe('signing vectors (WeChat Pay v2, which §12 copies)', () => {
  it('signs {test1, test2}', () => {
    const entries = canonicalEntries({ test1: 'test1', test2: 'test2' });
    expect(signEntries(entries, WX_KEY, 'ampersand')).toBe('1E3A8D73B5A4AEE787C0F68B5DAB8520');
  });

  it('signs the appid example', () => {
    const entries = canonicalEntries({
      appid: 'wxd930ea5d5a258f4f',
      mch_id: '10000100',
      device_info: '1000',
      body: 'test',
      nonce_str: 'ibuaiVcKdpRxkhJA',
    });
    expect(signEntries(entries, WX_KEY, 'ampersand')).toBe('9A0A8659F005D6984697E2CA0A9CF3B7');
  });
});

describe('string to sign', () => {
  it('sorts by byte order, drops null and "", keeps 0, "0" and false', () => {
    const body = '{"b":0,"a":"0","C":false,"d":null,"e":"","sign":"X"}';
    expect(stringToSign(rawEntries(body), 'K', 'ampersand')).toBe('C=false&a=0&b=0&key=K');
    expect(stringToSign(rawEntries(body), 'K', 'bare')).toBe('C=false&a=0&b=0K');
  });

  it('uses the raw text of numbers and nested objects, and decoded strings', () => {
    const body =
      '{"location" : {"longitude" : 116.39564514160156,"latitude" : 39.929985046386719\n}, "n": 1.0, "name":"启明\\u56fd际"}';
    const entries = Object.fromEntries(rawEntries(body));
    expect(entries.location).toBe(
      '{"longitude" : 116.39564514160156,"latitude" : 39.929985046386719\n}',
    );
    expect(entries.n).toBe('1.0');
    expect(entries.name).toBe('启明国际');
  });

  it('reads arrays and strings containing braces and escaped quotes', () => {
    const body = '{"a":[{"x":"}]\\""}, 2], "b": "q\\"}", "c": true}';
    expect(Object.fromEntries(rawEntries(body))).toEqual({
      a: '[{"x":"}]\\""}, 2]',
      b: 'q"}',
      c: 'true',
    });
  });
});

describe('verification', () => {
  const secret = 'secret-key';
  const verify = (body: string, mode: 'ampersand' | 'bare' = 'ampersand') =>
    verifySignature({ body, parsed: JSON.parse(body) as Record<string, unknown>, secret, mode });

  it('accepts what signBody produces, in both modes', () => {
    const payload = {
      clientId: 'c',
      nonce_str: 'n',
      goodsName: '统一冰绿茶',
      price: '50',
      count: 1,
    };
    expect(verify(signBody(payload, secret, 'ampersand'))).toBe(true);
    expect(verify(signBody(payload, secret, 'bare'), 'bare')).toBe(true);
    expect(verify(signBody(payload, secret, 'bare'), 'ampersand')).toBe(false);
  });

  it('accepts a signature over the raw text, where re-serialising would change it', () => {
    const unsigned =
      '{"clientId":"c","nonce_str":"n","location":{"longitude" : 116.39564514160156,"latitude" : 39.929985046386719},"f":1.50}';
    const sign = signEntries(rawEntries(unsigned), secret, 'ampersand');
    const body = unsigned.replace(/}$/, `,"sign":"${sign}"}`);
    expect(verify(body)).toBe(true);
    // the canonical text differs (39.92998504638672, 1.5): a different signature
    const canonical = signEntries(canonicalEntries(JSON.parse(unsigned)), secret, 'ampersand');
    expect(canonical).not.toBe(sign);
  });

  it('accepts a signature over the canonical re-serialisation too', () => {
    const parsed = { clientId: 'c', nonce_str: 'n', location: { longitude: 116.39564514160156 } };
    const sign = signEntries(canonicalEntries(parsed), secret, 'ampersand');
    const body = `{"clientId":"c","nonce_str":"n","location":{ "longitude": 116.395645141601560 },"sign":"${sign}"}`;
    expect(verify(body)).toBe(true);
  });

  it('is case-insensitive and rejects tampering, wrong keys, bad and missing signs without throwing', () => {
    const body = signBody({ clientId: 'c', nonce_str: 'n', price: '50' }, secret, 'ampersand');
    const sign = (JSON.parse(body) as { sign: string }).sign;
    expect(verify(body.replace(sign, sign.toLowerCase()))).toBe(true);
    expect(verify(body.replace('"50"', '"51"'))).toBe(false);
    expect(
      verifySignature({ body, parsed: JSON.parse(body), secret: 'other', mode: 'ampersand' }),
    ).toBe(false);
    expect(verify(body.replace(sign, 'ABC'))).toBe(false);
    expect(verify(body.replace(sign, '€'.repeat(32)))).toBe(false);
    expect(verify('{"clientId":"c","nonce_str":"n"}')).toBe(false);
    expect(verify('{"clientId":"c","sign":12345}')).toBe(false);
  });

  it('signs query parameters (limit, cursor) with the body', () => {
    const query = { limit: '30', cursor: '0' };
    const body = signBody({ clientId: 'c', nonce_str: 'n' }, secret, 'ampersand', query);
    const parsed = JSON.parse(body) as Record<string, unknown>;
    expect(verifySignature({ body, parsed, query, secret, mode: 'ampersand' })).toBe(true);
    expect(verifySignature({ body, parsed, secret, mode: 'ampersand' })).toBe(false);
  });

  it('compares in constant time only strings of equal length', () => {
    expect(signaturesEqual('ab', 'AB')).toBe(true);
    expect(signaturesEqual('abc', 'AB')).toBe(false);
    expect(signaturesEqual(undefined, 'AB')).toBe(false);
  });
});
