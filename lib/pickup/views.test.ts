import { describe, expect, it } from 'vitest';
import { csvField, csvHeader, csvRow, pickupCodeView } from './views';

describe('CSV export rows', () => {
  it('quotes what needs quoting and defuses text a spreadsheet would run as a formula', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(350)).toBe('350');
    expect(csvField('A,1')).toBe('"A,1"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-1')).toBe("'-1");
    expect(csvField(-1)).toBe('-1');
  });

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
