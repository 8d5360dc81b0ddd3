import { describe, expect, it } from 'vitest';
import { refillContentSchema } from '@/lib/ingest/push/refill-schema';
import { generateHistory, type HistoryOptions } from './history';
import { packer, unpacker } from './history-pack';
import { historyInWorker } from './history-worker';
import { DAY } from './time';

const END = 1_763_870_400; // 2025-11-23 12:00 +08:00
const options: HistoryOptions = {
  seed: 5,
  machines: 20,
  days: 10,
  end: END,
  statusFrom: END - DAY,
};
const history = () => [...generateHistory(options)];

describe('history for bulk loads', () => {
  it('refill payloads already have the parsed shape (the bulk load hands them on unparsed)', () => {
    const refills = history().flatMap((b) => b.messages.filter((m) => m.kind === 'refill'));
    expect(refills.length).toBeGreaterThan(10);
    for (const m of refills) expect(refillContentSchema.parse(m.payload)).toEqual(m.payload);
  });

  it('packing for the writer thread loses nothing, field order included', () => {
    const pack = packer();
    const unpack = unpacker();
    for (const batch of history()) {
      expect(JSON.stringify(unpack(structuredClone(pack(batch))))).toBe(JSON.stringify(batch));
    }
  });

  it('the worker thread yields the same batches as generating in place', async () => {
    const fromWorker = [];
    for await (const batch of historyInWorker(options)) fromWorker.push(batch);
    expect(JSON.stringify(fromWorker)).toBe(JSON.stringify(history()));
  });
});
