import { describe, expect, it } from 'vitest';
import { createTranslator } from 'use-intl';
import { MESSAGES } from '@/lib/i18n';
import type { Translate } from '@/lib/sales/csv';
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
    const t = createTranslator({
      locale: 'en',
      messages: MESSAGES.en,
      timeZone: 'Asia/Shanghai',
    }) as unknown as Translate;
    expect(csvHeader(t)).toBe(
      'Code,Status,Machine,Goods number,Fee (yuan),Valid from,Valid until,Issued at,Issued by,Revoked at,Used at,Used at machine\r\n',
    );
    // The state in words, the fee in yuan, times in the fleet's zone (epoch 100 is 08:01:40).
    expect(csvRow(pickupCodeView(row, 201), t, 'Asia/Shanghai')).toBe(
      '4383743,Expired,A1,,3.50,1970-01-01 08:01,1970-01-01 08:03,1970-01-01 08:01,,,,\r\n',
    );
  });
});
