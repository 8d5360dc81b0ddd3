import { describe, expect, it } from 'vitest';
import {
  decideCheck,
  decideUse,
  displayStatus,
  isThrottled,
  USE_GRACE_SECONDS,
  WRONG_CODE_LIMIT,
  type CodeState,
} from './rules';

const NOW = 1_763_856_000;
const code = (over: Partial<CodeState> = {}): CodeState => ({
  code: '4383743',
  status: 'unused',
  assetId: 'A1',
  goodsNumber: 'G1',
  fee: 350,
  startTime: NOW - 3600,
  endTime: NOW + 3600,
  lastCheckAt: null,
  lastCheckAssetId: null,
  ...over,
});
const check = { code: '4383743', assetId: 'A1', goodsNum: 'G1' };

describe('displayStatus', () => {
  it('shows an unused code past its end time as expired, and nothing else changes', () => {
    expect(displayStatus(code(), NOW)).toBe('unused');
    expect(displayStatus(code(), NOW + 3600)).toBe('unused'); // endTime is inclusive
    expect(displayStatus(code(), NOW + 3601)).toBe('expired');
    expect(displayStatus(code({ status: 'used' }), NOW + 9999)).toBe('used');
    expect(displayStatus(code({ status: 'revoked' }), NOW + 9999)).toBe('revoked');
  });
});

describe('decideCheck (§7.1)', () => {
  it('answers an unused, used and expired code with codeStatus 1, 2, 3 and its fee and goods', () => {
    expect(decideCheck(code(), check, NOW)).toEqual({
      ok: true,
      codeStatus: 1,
      goodsNum: 'G1',
      fee: 350,
    });
    expect(decideCheck(code({ status: 'used' }), check, NOW)).toMatchObject({ codeStatus: 2 });
    expect(decideCheck(code(), check, NOW + 3601)).toMatchObject({ codeStatus: 3 });
  });

  it('refuses unknown codes and other machines as wrong codes (they count for the throttle)', () => {
    expect(decideCheck(undefined, check, NOW)).toMatchObject({
      ok: false,
      errorCode: 'CODE_NOT_FOUND',
      wrongCode: true,
    });
    expect(decideCheck(code(), { ...check, assetId: 'B2' }, NOW)).toMatchObject({
      errorCode: 'CODE_WRONG_MACHINE',
      wrongCode: true,
    });
  });

  it('tells another machine nothing about a used code', () => {
    expect(decideCheck(code({ status: 'used' }), { ...check, assetId: 'B2' }, NOW)).toMatchObject({
      errorCode: 'CODE_WRONG_MACHINE',
    });
  });

  it('refuses other goods, revoked codes and codes not yet valid', () => {
    expect(decideCheck(code(), { ...check, goodsNum: 'G2' }, NOW)).toMatchObject({
      errorCode: 'CODE_WRONG_GOODS',
      wrongCode: false,
    });
    expect(decideCheck(code({ status: 'revoked' }), check, NOW)).toMatchObject({
      errorCode: 'CODE_REVOKED',
    });
    expect(decideCheck(code({ startTime: NOW + 1 }), check, NOW)).toMatchObject({
      errorCode: 'CODE_NOT_STARTED',
    });
  });

  it('checks only the bindings the code has, and tells the machine which goods to vend', () => {
    const free = code({ assetId: null, goodsNumber: null });
    expect(decideCheck(free, { code: '4383743', assetId: 'Z9' }, NOW)).toMatchObject({
      ok: true,
      goodsNum: '',
    });
    expect(decideCheck(free, { ...check, assetId: 'Z9' }, NOW)).toMatchObject({ goodsNum: 'G1' });
    expect(decideCheck(code(), { code: '4383743', assetId: 'A1' }, NOW)).toMatchObject({
      goodsNum: 'G1',
    });
  });
});

describe('decideUse (§7.2)', () => {
  it('uses an unused code, at the machine named, else the bound one, else the last checker', () => {
    expect(decideUse(code(), { code: '4383743' }, NOW)).toEqual({ ok: true, usedAssetId: 'A1' });
    const free = code({ assetId: null, lastCheckAssetId: 'C3', lastCheckAt: NOW - 5 });
    expect(decideUse(free, { code: '4383743' }, NOW)).toEqual({ ok: true, usedAssetId: 'C3' });
    expect(decideUse(free, { code: '4383743', assetId: 'D4' }, NOW)).toEqual({
      ok: true,
      usedAssetId: 'D4',
    });
  });

  it('refuses used, revoked, unknown, not yet valid and mismatched codes', () => {
    const use = { code: '4383743' };
    expect(decideUse(code({ status: 'used' }), use, NOW)).toMatchObject({ errorCode: 'CODE_USED' });
    expect(decideUse(code({ status: 'revoked' }), use, NOW)).toMatchObject({
      errorCode: 'CODE_REVOKED',
    });
    expect(decideUse(undefined, use, NOW)).toMatchObject({ errorCode: 'CODE_NOT_FOUND' });
    expect(decideUse(code({ startTime: NOW + 1 }), use, NOW)).toMatchObject({
      errorCode: 'CODE_NOT_STARTED',
    });
    expect(decideUse(code(), { ...use, assetId: 'B2' }, NOW)).toMatchObject({
      errorCode: 'CODE_WRONG_MACHINE',
    });
    expect(decideUse(code(), { ...use, goodsNum: 'G2' }, NOW)).toMatchObject({
      errorCode: 'CODE_WRONG_GOODS',
    });
  });

  it('refuses an expired code unless a check found it valid shortly before', () => {
    const end = NOW + 3600;
    expect(decideUse(code(), { code: '4383743' }, end + 1)).toMatchObject({
      errorCode: 'CODE_EXPIRED',
    });
    const checked = code({ lastCheckAt: end - 10, lastCheckAssetId: 'A1' });
    expect(decideUse(checked, { code: '4383743' }, end + 30)).toMatchObject({ ok: true });
    expect(decideUse(checked, { code: '4383743' }, end - 10 + USE_GRACE_SECONDS + 1)).toMatchObject(
      { errorCode: 'CODE_EXPIRED' },
    );
  });
});

describe('isThrottled', () => {
  it(`throttles from the ${WRONG_CODE_LIMIT}th wrong code in the window`, () => {
    expect(isThrottled(WRONG_CODE_LIMIT - 1)).toBe(false);
    expect(isThrottled(WRONG_CODE_LIMIT)).toBe(true);
  });
});
