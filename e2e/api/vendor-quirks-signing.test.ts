import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwin, type RunningTwin } from '@/simulator/server';
import { getJson } from '../support/push';
import { startServer, type RunningServer } from '../support/server';

// The twin "as the vendor's code sends" (vendorQuirks) pushing to an app configured as
// `npm run demo -- --vendor-quirks` configures it: signed bare + lowercase, doorState 1 for
// open, and the client's setting SMARTVENDING_DOOR_OPEN=1 (D70). The dashboard must agree with
// the twin's own state, open doors included.
const START = 1_763_856_000; // 2025-11-23 08:00 +08:00
let app: RunningServer;
let twin: RunningTwin;

beforeAll(async () => {
  app = await startServer({ SMARTVENDING_DOOR_OPEN: '1', SYNC_INTERVAL_S: '0' });
  twin = await startTwin({
    seed: 11,
    machines: 12,
    lines: 2,
    start: START,
    speed: 1,
    appUrl: app.url,
    clientId: app.clientId,
    key: app.key,
    vendorQuirks: true,
  });
  twin.twin.clock.pause();
  // Run the fleet a minute at a time until some machine's door stands open (the twin keeps its
  // own state in seed 000's terms: 0 = open), so both meanings are seen at the end.
  for (let minutes = 0; minutes < 30 * 24 * 60; minutes++) {
    twin.twin.clock.advance(60);
    twin.twin.tick();
    if ([...twin.twin.status.values()].some((s) => s.doorState === 0)) break;
  }
  const deadline = Date.now() + 90_000;
  while (twin.twin.deliverer!.pending > 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
}, 150_000);

afterAll(async () => {
  await twin?.close();
  await app?.stop();
});

describe('the twin with vendor quirks', () => {
  it('signs bare + lowercase and sends doorState 1 for an open door', () => {
    const ledger = twin.twin.deliverer!.ledger;
    expect(ledger.filter((d) => d.state !== 'delivered')).toEqual([]);
    for (const d of ledger) {
      const { sign } = JSON.parse(d.body) as { sign: string };
      expect(sign).toMatch(/^[0-9a-f]{32}$/);
    }
    const open = [...twin.twin.status.values()].filter((s) => s.doorState === 0);
    expect(open.length).toBeGreaterThan(0);
    const lastDoor = new Map<string, number>();
    for (const d of ledger.filter((x) => x.kind === 'status')) {
      const m = JSON.parse(d.body) as { assetId: string; doorState?: number };
      if (m.doorState !== undefined) lastDoor.set(m.assetId, m.doorState);
    }
    for (const s of open) expect(lastDoor.get(s.assetId)).toBe(1);
  });

  it('is verified, every message recorded as bare-lower in the inbox', async () => {
    const r = await getJson<{
      items: { verification: string; signForm: string | null; signCanonical: boolean }[];
      counts: Record<string, number>;
    }>(app, '/api/v1/inbox?limit=500');
    expect(r.body.counts.unverified ?? 0).toBe(0);
    expect(r.body.items.length).toBeGreaterThan(12);
    for (const i of r.body.items)
      expect(i).toMatchObject({ verification: 'ok', signForm: 'bare-lower', signCanonical: false });
    const clients = await getJson<{
      items: { clientId: string; received: { latest: string; mixed: boolean }; doorOpen: number }[];
    }>(app, '/api/v1/settings/clients');
    expect(clients.body.items.find((c) => c.clientId === app.clientId)).toMatchObject({
      received: { latest: 'bare-lower', mixed: false },
      doorOpen: 1,
    });
  });

  it('shows every door as the twin has it, open ones included, on the machine list and the overview', async () => {
    const { body } = await getJson<{ items: { assetId: string; doorOpen: boolean }[] }>(
      app,
      '/api/v1/machines?limit=100',
    );
    expect(body.items).toHaveLength(12);
    for (const m of body.items) {
      const s = twin.twin.status.get(m.assetId)!;
      expect({ assetId: m.assetId, doorOpen: m.doorOpen }).toEqual({
        assetId: m.assetId,
        doorOpen: s.doorState === 0,
      });
    }
    const open = [...twin.twin.status.values()].filter((s) => s.doorState === 0).length;
    const overview = await getJson<{ counts: { doorsOpen: number } }>(app, '/api/v1/overview');
    expect(overview.body.counts.doorsOpen).toBe(open);
  });
});
