import { describe, expect, it } from 'vitest';
import {
  canonicalEntries,
  rawEntries,
  signBody,
  signEntries,
  signaturesEqual,
  signFormOf,
  SIGN_FORMS,
  stringToSign,
  verifySignature,
} from './signing';

const WX_KEY = '192006250b4c09247ec02edce69f6a2d';
const TEST_PAIR = canonicalEntries({ test1: 'test1', test2: 'test2' });

describe('signing vectors (WeChat Pay v2, which §12 copies, and seed 000 §12)', () => {
  it('signs {test1, test2} in each of the four forms', () => {
    // amp-upper is the public vector; the others were computed with `printf … | md5sum`.
    expect(signEntries(TEST_PAIR, WX_KEY, 'amp-upper')).toBe('1E3A8D73B5A4AEE787C0F68B5DAB8520');
    expect(signEntries(TEST_PAIR, WX_KEY, 'amp-lower')).toBe('1e3a8d73b5a4aee787c0f68b5dab8520');
    expect(signEntries(TEST_PAIR, WX_KEY, 'bare-lower')).toBe('41ef7ebd3c246aabd0473b98eec183f1');
    expect(signEntries(TEST_PAIR, WX_KEY, 'bare-upper')).toBe('41EF7EBD3C246AABD0473B98EEC183F1');
  });

  it('reads the old mode names as the uppercase forms they produced', () => {
    expect(signEntries(TEST_PAIR, WX_KEY, 'ampersand')).toBe('1E3A8D73B5A4AEE787C0F68B5DAB8520');
    expect(signEntries(TEST_PAIR, WX_KEY, 'bare')).toBe('41EF7EBD3C246AABD0473B98EEC183F1');
    expect(signFormOf('ampersand')).toBe('amp-upper');
    expect(signFormOf('bare')).toBe('bare-upper');
    expect(signFormOf(undefined)).toBe('bare-lower');
    expect(signFormOf('amp-lower')).toBe('amp-lower');
  });

  it('signs the appid example', () => {
    const entries = canonicalEntries({
      appid: 'wxd930ea5d5a258f4f',
      mch_id: '10000100',
      device_info: '1000',
      body: 'test',
      nonce_str: 'ibuaiVcKdpRxkhJA',
    });
    expect(signEntries(entries, WX_KEY, 'amp-upper')).toBe('9A0A8659F005D6984697E2CA0A9CF3B7');
    expect(signEntries(entries, WX_KEY, 'bare-lower')).toBe('559c38432f72a2aebb96328109843601');
  });

  it("signs seed 000 §12's own example bare, as its text says (checked by hand with md5sum)", () => {
    // The example's parameters (its listing is not sorted; string1 is), the key appended bare.
    const entries = canonicalEntries({
      id: '566fbf1244f4d4f90ab7d717',
      orderNo: '1450163934464-709314',
      tradeNo: '1005810748201512152098431126',
      locationId: '1',
      assetId: '91000092',
      cid: '91000092',
      goodsId: '563ab6570cf2e3ca2556f44a',
      goodsName: '统一冰绿茶',
    });
    expect(stringToSign(entries, WX_KEY, 'bare-lower')).toBe(
      'assetId=91000092&cid=91000092&goodsId=563ab6570cf2e3ca2556f44a&goodsName=统一冰绿茶' +
        '&id=566fbf1244f4d4f90ab7d717&locationId=1&orderNo=1450163934464-709314' +
        `&tradeNo=1005810748201512152098431126${WX_KEY}`,
    );
    expect(signEntries(entries, WX_KEY, 'bare-lower')).toBe('78919d744f63ef3f307d6f7ff735d49f');
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
  const verify = (body: string, query?: Record<string, string>) =>
    verifySignature({ body, parsed: JSON.parse(body) as Record<string, unknown>, query, secret });
  const payload = { clientId: 'c', nonce_str: 'n', goodsName: '统一冰绿茶', price: '50', count: 1 };

  it('accepts each of the four forms and says which one matched', () => {
    for (const form of SIGN_FORMS) {
      expect(verify(signBody(payload, secret, form))).toEqual({ form, canonical: false });
    }
  });

  it("accepts the public vector's body in each form", () => {
    const signs = {
      'amp-upper': '1E3A8D73B5A4AEE787C0F68B5DAB8520',
      'amp-lower': '1e3a8d73b5a4aee787c0f68b5dab8520',
      'bare-upper': '41EF7EBD3C246AABD0473B98EEC183F1',
      'bare-lower': '41ef7ebd3c246aabd0473b98eec183f1',
    };
    for (const [form, sign] of Object.entries(signs)) {
      const body = `{"test1":"test1","test2":"test2","sign":"${sign}"}`;
      expect(
        verifySignature({
          body,
          parsed: JSON.parse(body) as Record<string, unknown>,
          secret: WX_KEY,
        }),
      ).toEqual({ form, canonical: false });
    }
  });

  it('reads a mixed-case signature case-insensitively, as the uppercase form', () => {
    const body = signBody(payload, secret, 'bare-lower');
    const sign = (JSON.parse(body) as { sign: string }).sign;
    const first = sign.search(/[a-f]/);
    const mixed = sign.slice(0, first) + sign[first]!.toUpperCase() + sign.slice(first + 1);
    expect(mixed).toMatch(/[a-f]/); // still has lowercase letters: mixed
    expect(verify(body.replace(sign, mixed))).toEqual({ form: 'bare-upper', canonical: false });
  });

  it('accepts a signature over the raw text, where re-serialising would change it', () => {
    const unsigned =
      '{"clientId":"c","nonce_str":"n","location":{"longitude" : 116.39564514160156,"latitude" : 39.929985046386719},"f":1.50}';
    for (const form of SIGN_FORMS) {
      const sign = signEntries(rawEntries(unsigned), secret, form);
      const body = unsigned.replace(/}$/, `,"sign":"${sign}"}`);
      expect(verify(body)).toEqual({ form, canonical: false });
      // the canonical text differs (39.92998504638672, 1.5): a different signature
      const canonical = signEntries(canonicalEntries(JSON.parse(unsigned)), secret, form);
      expect(canonical).not.toBe(sign);
    }
  });

  it('accepts a signature over the canonical re-serialisation too, in every form', () => {
    const parsed = { clientId: 'c', nonce_str: 'n', location: { longitude: 116.39564514160156 } };
    for (const form of SIGN_FORMS) {
      const sign = signEntries(canonicalEntries(parsed), secret, form);
      const body = `{"clientId":"c","nonce_str":"n","location":{ "longitude": 116.395645141601560 },"sign":"${sign}"}`;
      expect(verify(body)).toEqual({ form, canonical: true });
    }
  });

  it('rejects tampering, wrong keys, bad and missing signs without throwing', () => {
    for (const form of SIGN_FORMS) {
      const body = signBody({ clientId: 'c', nonce_str: 'n', price: '50' }, secret, form);
      const sign = (JSON.parse(body) as { sign: string }).sign;
      expect(verify(body.replace('"50"', '"51"'))).toBeNull();
      expect(verifySignature({ body, parsed: JSON.parse(body), secret: 'other' })).toBeNull();
      expect(verify(body.replace(sign, sign.slice(0, 31)))).toBeNull();
      expect(verify(body.replace(sign, 'ABC'))).toBeNull();
      expect(verify(body.replace(sign, '€'.repeat(32)))).toBeNull();
    }
    // the key appended both ways at once, or twice, is none of the forms
    const entries = canonicalEntries({ clientId: 'c', nonce_str: 'n' });
    const twice = signEntries(entries, secret + secret, 'bare-lower');
    expect(verify(`{"clientId":"c","nonce_str":"n","sign":"${twice}"}`)).toBeNull();
    expect(verify('{"clientId":"c","nonce_str":"n"}')).toBeNull();
    expect(verify('{"clientId":"c","sign":12345}')).toBeNull();
    expect(verify('{"clientId":"c","sign":""}')).toBeNull();
  });

  it('signs query parameters (limit, cursor) with the body, in every form', () => {
    const query = { limit: '30', cursor: '0' };
    for (const form of SIGN_FORMS) {
      const body = signBody({ clientId: 'c', nonce_str: 'n' }, secret, form, query);
      expect(verify(body, query)).toEqual({ form, canonical: false });
      expect(verify(body)).toBeNull();
      expect(verify(body, { ...query, cursor: '30' })).toBeNull();
    }
  });

  it('compares in constant time only strings of equal length, case-insensitively', () => {
    expect(signaturesEqual('ab', 'AB')).toBe(true);
    expect(signaturesEqual('AB', 'ab')).toBe(true);
    expect(signaturesEqual('abc', 'AB')).toBe(false);
    expect(signaturesEqual(undefined, 'AB')).toBe(false);
  });
});
