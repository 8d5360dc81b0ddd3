import fc from 'fast-check';
import { describe, it } from 'vitest';
import { openDb } from '@/lib/db';
import type { Db } from '@/db/client';
import { insertCabinetOrder, saveCabinetSnapshot } from '@/db/queries/cabinets';
import { receiveCallback, sha256 } from '@/lib/cabinets/orders';
import { issuePickupCodes } from '@/lib/pickup/issue';
import { receivePickup } from '@/lib/pickup/receive';
import { createCodesSchema } from '@/lib/pickup/schemas';
import { stepsFor, PUSHES, type Receiver, type Step, type World } from '@/e2e/support/mutations';
import { checkAnswer, domainSnapshot, domainTables } from '@/e2e/support/properties';
import { sqliteConnectionPeek } from '@/e2e/support/peek';
import { receiveNotification } from './receive';

/**
 * Property tests of every receiver (issue 16, D62), on a database built by the real
 * migrations, calling the receivers as the HTTP layer does (with the raw bytes): random and
 * mutated messages never throw or answer 5xx, a refusal changes nothing but the record of it,
 * an acknowledged message is kept. e2e/api/push-properties.test.ts runs fewer of them through
 * the production server.
 */
const NOW = 1_750_000_000;
const TOKEN = 'the-callback-token';
const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);

async function setUp(): Promise<{ db: Db; world: World }> {
  const db = openDb(':memory:');
  const issued = await issuePickupCodes(db, createCodesSchema(NOW).parse({ count: 3, fee: 150 }), {
    now: NOW,
  });
  if (!issued.ok) throw new Error(issued.message);
  await saveCabinetSnapshot(
    db,
    {
      machineId: 'CAB-P',
      name: 'cabinet',
      signal: 20,
      temperature: '4',
      runningState: 1,
      currency: 'CNY',
      preAuthLimit: 5000,
      qrCodeUrl: null,
      goods: [
        {
          doorNo: 0,
          commodityId: 'c1',
          name: '水',
          sku: null,
          weight: null,
          price: 350,
          pictureUrl: null,
        },
      ],
    },
    NOW,
  );
  await insertCabinetOrder(db, {
    orderId: 'CO-P',
    tokenHash: sha256(TOKEN),
    machineId: 'CAB-P',
    doorNo: 0,
    type: 'buy',
    state: 'requested',
    currency: 'CNY',
    createdAt: NOW,
    updatedAt: NOW,
  });
  const world = {
    clientId: 'unit-client',
    key: 'unit-key',
    codes: issued.items.map((c) => c.code),
    orderId: 'CO-P',
  };
  return { db, world };
}

async function send(db: Db, step: Step, at: number) {
  const body = typeof step.body === 'string' ? step.body : new Uint8Array(step.body);
  switch (step.receiver) {
    case 'check':
    case 'use':
      return await receivePickup(db, step.receiver, body, at);
    case 'callback':
      return await receiveCallback(db, 'CO-P', step.token === 'wrong' ? 'nope' : TOKEN, body, at);
    default:
      return await receiveNotification(db, step.receiver, body, at);
  }
}

async function property(receivers: readonly Receiver[]) {
  const { db, world } = await setUp();
  const look = sqliteConnectionPeek(db.$client, db);
  const tables = await domainTables(look);
  let clock = NOW;
  await fc.assert(
    fc.asyncProperty(stepsFor(receivers, world), async (steps) => {
      for (const step of steps) {
        const before = await domainSnapshot(look, tables);
        const answer = await send(db, step, ++clock);
        await checkAnswer(look, tables, step, before, answer as never);
      }
    }),
    { numRuns: RUNS },
  );
}

// Each run snapshots every domain table around every step: a few seconds on a quiet machine,
// many more on a busy one (CI shares its cores), so the limit is generous.
describe('every receiver, sent random and mutated messages (D62)', { timeout: 120_000 }, () => {
  it.each(PUSHES)('the %s push', async (kind) => await property([kind]));
  it('the pickup-code check and use', async () => await property(['check', 'use']));
  it('the SAAS cabinet callback', async () => await property(['callback']));
  it('all of them interleaved, nonces reused across', async () =>
    await property([...PUSHES, 'check', 'use']));
});
