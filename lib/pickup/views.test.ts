import { describe, expect, it } from 'vitest';
import { csvHeader, csvRow, pickupCodeView } from './views';

describe('CSV export rows', () => {
  it('writes a row per code under the header, expired derived from endTime', () => {
    const row = {
      id: 1,
      code: '4383743',
      assetId: 'A1',
      goodsNumber: null,
      fee: 350,
      startTime: 100,
      endTime: 200,
      status: 'unused' as const,
      createdAt: 90,
      createdBy: null,
      revokedAt: null,
      lastCheckAt: null,
      lastCheckAssetId: null,
      usedAt: null,
      usedAssetId: null,
      usedInboxId: null,
    };
    expect(csvHeader()).toBe(
      'code,status,assetId,goodsNumber,fee,startTime,endTime,createdAt,createdBy,revokedAt,usedAt,usedAssetId\r\n',
    );
    expect(csvRow(pickupCodeView(row, 201))).toBe('4383743,expired,A1,,350,100,200,90,,,,\r\n');
  });
});
