import { describe, expect, it } from 'vitest';
import { refillContentSchema } from '@/lib/notify/schemas';
import { generateHistory } from './history';

const END = 1_763_870_400; // 2025-11-23 12:00 +08:00

describe('history for bulk loads', () => {
  it('refill payloads already have the parsed shape (the bulk load hands them on unparsed)', () => {
    const refills = [
      ...generateHistory({ seed: 5, machines: 20, days: 10, end: END, finalStatusOnly: true }),
    ].flatMap((b) => b.messages.filter((m) => m.kind === 'refill'));
    expect(refills.length).toBeGreaterThan(10);
    for (const m of refills) expect(refillContentSchema.parse(m.payload)).toEqual(m.payload);
  });
});
