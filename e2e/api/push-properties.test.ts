import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peek, type Peek } from '../support/peek';
import { startServer, type RunningServer } from '../support/server';
import { createCodes } from '../support/pickup';
import { postBytes } from '../support/hostile';
import { stepsFor, PUSHES, type Step, type World } from '../support/mutations';
import { checkAnswer, domainSnapshot, domainTables } from '../support/properties';

/**
 * The receivers' properties (lib/ingest/push/properties.test.ts) through the production server:
 * fewer runs, each message over HTTP to the fast path, the database read beside it.
 */
let server: RunningServer;
let db: Peek;
let world: World;
const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);

beforeAll(async () => {
  server = await startServer();
  db = peek(server, { readonly: true });
  const codes = await createCodes(server, { count: 5, fee: 150 });
  world = { clientId: server.clientId, key: server.key, codes: codes.map((c) => c.code) };
});
afterAll(async () => {
  await db?.close();
  await server?.stop();
});

const PATHS: Record<string, string> = {
  ...Object.fromEntries(PUSHES.map((k) => [k, `/api/notify/${k}`])),
  check: '/osapi/pickupcode/check',
  use: '/osapi/pickupcode/use',
};

describe('the push and pickup-code receivers of the production server (D62)', () => {
  it('never answer 5xx, change nothing when they refuse, keep what they acknowledge', async () => {
    const tables = await domainTables(db);
    // Read from the engine's own catalogue: what the receivers project into is among them.
    expect(tables).toEqual(expect.arrayContaining(['machines', 'shelves', 'trades']));
    await fc.assert(
      fc.asyncProperty(stepsFor([...PUSHES, 'check', 'use'], world), async (steps: Step[]) => {
        for (const step of steps) {
          const before = await domainSnapshot(db, tables);
          const answer = await postBytes(server, PATHS[step.receiver]!, step.body);
          await checkAnswer(db, tables, step, before, answer);
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
