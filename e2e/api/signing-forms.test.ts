import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canonicalEntries,
  signBody,
  signEntries,
  SIGN_FORMS,
  type SignForm,
} from '@/lib/platforms/signing';
import { startTwin, type RunningTwin } from '@/simulator/server';
import { sendJson } from '../support/auth';
import { deviceMessage, statusMessage } from '../support/messages';
import { getJson, postRaw, signedBody } from '../support/push';
import { postPickupRaw } from '../support/pickup';
import { startServer, type RunningServer } from '../support/server';

// Issue 17 items 1 and 4 through the production server (D70): a push or pickup request in each
// of the four signing forms is accepted and its inbox row names the form; Settings shows the
// forms a client's platform uses and finds, against the twin, the one the platform accepts;
// doorState's meaning per client.
let app: RunningServer;
let twin: RunningTwin;
const TWIN_CLIENT = 'twin-client';
const TWIN_KEY = 'twin-key-0123456789';

interface InboxItem {
  id: number;
  kind: string;
  clientId: string | null;
  nonce: string | null;
  verification: string;
  signForm: SignForm | null;
  signCanonical: boolean | null;
}
interface ClientView {
  clientId: string;
  source: string;
  sendForm: SignForm;
  received: {
    latest: SignForm | null;
    forms: { form: SignForm; canonical: boolean; count: number }[];
    recent: number;
    mixed: boolean;
  };
  doorOpen: 0 | 1;
  doorOpenSource: string;
}

beforeAll(async () => {
  app = await startServer({ SYNC_INTERVAL_S: '0' });
  // The twin only serves pulls here: the connection test reads its §9.1 lines.
  twin = await startTwin({ seed: 5, machines: 2, clientId: TWIN_CLIENT, key: TWIN_KEY, speed: 1 });
  twin.twin.clock.pause();
  const saved = await sendJson(app.admin!, 'POST', '/api/v1/settings/credentials', {
    platform: 'smartvending',
    account: TWIN_CLIENT,
    key: TWIN_KEY,
    baseUrl: twin.url,
  });
  expect(saved.status).toBe(201);
}, 120_000);

afterAll(async () => {
  await twin?.close();
  await app?.stop();
});

const nonce = () => randomBytes(12).toString('hex');

async function inboxByNonce(n: string): Promise<InboxItem> {
  const r = await getJson<{ items: InboxItem[] }>(app, '/api/v1/inbox?limit=500');
  const row = r.body.items.find((i) => i.nonce === n);
  expect(row, `inbox row with nonce ${n}`).toBeDefined();
  return row!;
}

async function clients(): Promise<Map<string, ClientView>> {
  const r = await getJson<{ items: ClientView[] }>(app, '/api/v1/settings/clients');
  expect(r.status).toBe(200);
  return new Map(r.body.items.map((c) => [c.clientId, c]));
}

describe('receiving: any of the four forms', () => {
  it('accepts a push in each form and records the form on its inbox row', async () => {
    for (const form of SIGN_FORMS) {
      const n = nonce();
      const body = signedBody(app, { ...deviceMessage(`SIG-${form}`), nonce_str: n }, form);
      const sign = (JSON.parse(body) as { sign: string }).sign;
      expect(sign).toBe(form.endsWith('upper') ? sign.toUpperCase() : sign.toLowerCase());
      const r = await postRaw(app, 'device', body);
      expect(r, form).toEqual({ status: 200, body: { result: 'SUCCESS' } });
      expect(await inboxByNonce(n)).toMatchObject({
        verification: 'ok',
        signForm: form,
        signCanonical: false,
      });
    }
  });

  it('records a signature over the canonical re-serialisation as such', async () => {
    const n = nonce();
    const parsed = { clientId: app.clientId, nonce_str: n, assetId: 'SIG-CANON', lon: 116.5 };
    const sign = signEntries(canonicalEntries(parsed), app.key, 'amp-lower');
    // 116.50 is 116.5 once re-serialised: only the canonical text matches this signature.
    const body = `{"clientId":"${app.clientId}","nonce_str":"${n}","assetId":"SIG-CANON","lon":116.50,"sign":"${sign}"}`;
    expect((await postRaw(app, 'status', body)).status).toBe(200);
    expect(await inboxByNonce(n)).toMatchObject({ signForm: 'amp-lower', signCanonical: true });
  });

  it('still refuses a wrong signature with 401 SIGN_INVALID, kept without a form', async () => {
    const n = nonce();
    const body = signBody(
      { clientId: app.clientId, nonce_str: n, ...deviceMessage('SIG-BAD') },
      'not-the-key',
      'bare-lower',
    );
    const r = await postRaw(app, 'device', body);
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ result: 'FAIL', errorCode: 'SIGN_INVALID' });
    const list = await getJson<{ items: InboxItem[] }>(app, '/api/v1/inbox?status=unverified');
    const row = list.body.items.find((i) => i.kind === 'device' && i.clientId === app.clientId);
    expect(row).toMatchObject({ verification: 'sign_invalid', signForm: null });
  });

  it('accepts a pickup-code check in each form and records it', async () => {
    for (const form of SIGN_FORMS) {
      const n = nonce();
      const body = signBody(
        { clientId: app.clientId, nonceStr: n, code: '0000000', assetId: 'SIG-P' },
        app.key,
        form,
      );
      const r = await postPickupRaw(app, 'check', body);
      // Verified, then answered for the code: an unknown code is a FAIL with 200.
      expect(r.status, form).toBe(200);
      expect(r.body).toMatchObject({ errorCode: 'CODE_NOT_FOUND' });
      expect(await inboxByNonce(n)).toMatchObject({ kind: 'pickup_check', signForm: form });
    }
  });
});

describe('Settings: the forms each client uses', () => {
  it("shows the environment's client signing in more than one form as mixed", async () => {
    const env = (await clients()).get(app.clientId)!;
    expect(env).toMatchObject({ source: 'environment', sendForm: 'bare-lower' });
    expect(env.received.mixed).toBe(true);
    expect(new Set(env.received.forms.map((f) => f.form))).toEqual(new Set(SIGN_FORMS));
    expect(env.received.latest).toBe('amp-upper'); // the last pickup check above
  });

  it('shows a client whose messages agree, with the count', async () => {
    for (let i = 0; i < 3; i++) {
      const body = signBody(
        { clientId: TWIN_CLIENT, nonce_str: nonce(), ...deviceMessage(`TW-${i}`) },
        TWIN_KEY,
        'bare-lower',
      );
      expect((await postRaw(app, 'device', body)).status).toBe(200);
    }
    const c = (await clients()).get(TWIN_CLIENT)!;
    expect(c).toMatchObject({
      source: 'settings',
      sendForm: 'bare-lower',
      received: {
        latest: 'bare-lower',
        forms: [{ form: 'bare-lower', canonical: false, count: 3 }],
        recent: 3,
        mixed: false,
      },
    });
  });

  it('reads an old mode name as the uppercase form it produced', async () => {
    const saved = await sendJson<{ signMode: string }>(
      app.admin!,
      'POST',
      '/api/v1/settings/credentials',
      { platform: 'smartvending', account: 'legacy-client', key: 'k', signMode: 'ampersand' },
    );
    expect(saved.status).toBe(201);
    expect(saved.body.signMode).toBe('amp-upper');
    expect((await clients()).get('legacy-client')?.sendForm).toBe('amp-upper');
    const bad = await sendJson(app.admin!, 'POST', '/api/v1/settings/credentials', {
      platform: 'smartvending',
      account: 'legacy-client',
      key: 'k',
      signMode: 'md5',
    });
    expect(bad.status).toBe(422);
  });
});

describe('the connection test finds the form the platform accepts', () => {
  interface TestResult {
    ok: boolean;
    signing: {
      current: SignForm;
      accepted: SignForm | null;
      tried: { form: SignForm; ok: boolean }[];
    };
  }
  const setTwinForm = async (acceptSignForm: string) => {
    const r = await fetch(`${twin.url}/_sim/knobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ acceptSignForm }),
    });
    expect(r.status).toBe(200);
  };
  const credentialId = async () => {
    const r = await getJson<{ items: { id: number; account: string }[] }>(
      app,
      '/api/v1/settings/credentials',
    );
    return r.body.items.find((c) => c.account === TWIN_CLIENT)!.id;
  };

  it('tries the forms in turn and offers the one the twin accepts; keeping it is audited', async () => {
    await setTwinForm('amp-upper');
    const id = await credentialId();
    const first = await sendJson<TestResult>(
      app.admin!,
      'POST',
      `/api/v1/settings/credentials/${id}/test`,
    );
    expect(first.status).toBe(200);
    expect(first.body.ok).toBe(false);
    expect(first.body.signing).toEqual({
      current: 'bare-lower',
      accepted: 'amp-upper',
      tried: SIGN_FORMS.map((form) => expect.objectContaining({ form, ok: form === 'amp-upper' })),
    });

    const kept = await sendJson<{ signMode: string }>(
      app.admin!,
      'PATCH',
      `/api/v1/settings/credentials/${id}`,
      { signMode: 'amp-upper' },
    );
    expect(kept.status).toBe(200);
    expect(kept.body.signMode).toBe('amp-upper');
    const audit = await getJson<{ items: { action: string; before: unknown; after: unknown }[] }>(
      app,
      '/api/v1/audit?action=settings.credential_sign_form',
    );
    expect(audit.body.items[0]).toMatchObject({
      before: { account: TWIN_CLIENT, signMode: 'bare-lower' },
      after: { account: TWIN_CLIENT, signMode: 'amp-upper' },
    });
    expect((await clients()).get(TWIN_CLIENT)?.sendForm).toBe('amp-upper');

    const again = await sendJson<TestResult>(
      app.admin!,
      'POST',
      `/api/v1/settings/credentials/${id}/test`,
    );
    expect(again.body).toMatchObject({ ok: true, signing: { accepted: 'amp-upper' } });
    expect(again.body.signing.tried).toHaveLength(1);
    await setTwinForm('any');
  });

  it('says when the platform accepts no form, and refuses to change the environment’s', async () => {
    // A client the twin does not know: every form is refused (CLIENT_UNKNOWN).
    const wrong = await sendJson<{ id: number }>(
      app.admin!,
      'POST',
      '/api/v1/settings/credentials',
      { platform: 'smartvending', account: 'stranger', key: 'k', baseUrl: twin.url },
    );
    const r = await sendJson<TestResult>(
      app.admin!,
      'POST',
      `/api/v1/settings/credentials/${wrong.body.id}/test`,
    );
    expect(r.body.ok).toBe(false);
    expect(r.body.signing.accepted).toBeNull();
    expect(r.body.signing.tried).toHaveLength(4);

    const env = await sendJson<{ error: { code: string; message: string } }>(
      app.admin!,
      'PATCH',
      '/api/v1/settings/credentials/env-smartvending',
      { signMode: 'amp-upper' },
    );
    expect(env.status).toBe(409);
    expect(env.body.error.message).toContain('SMARTVENDING_SIGN_MODE=amp-upper');
    const bad = await sendJson(
      app.admin!,
      'PATCH',
      `/api/v1/settings/credentials/${wrong.body.id}`,
      { signMode: 'ampersand' },
    );
    expect(bad.status).toBe(422);
  });
});

describe("doorState's meaning per client", () => {
  const door = async (assetId: string) => {
    const list = await getJson<{ items: { assetId: string; doorOpen: boolean | null }[] }>(
      app,
      `/api/v1/machines?q=${assetId}`,
    );
    const detail = await getJson<{ doorOpen: boolean | null; status: { doorState: number } }>(
      app,
      `/api/v1/machines/${assetId}`,
    );
    const fromList = list.body.items.find((m) => m.assetId === assetId)?.doorOpen;
    expect(detail.body.doorOpen).toBe(fromList);
    // Kept in our own terms, 0 = open, whatever the platform meant.
    expect(detail.body.status.doorState).toBe(fromList ? 0 : 1);
    return fromList;
  };
  const doorsOpen = async () =>
    (await getJson<{ counts: { doorsOpen: number } }>(app, '/api/v1/overview')).body.counts
      .doorsOpen;
  const pushStatus = async (assetId: string, doorState: number) => {
    const r = await postRaw(app, 'status', signedBody(app, statusMessage(assetId, { doorState })));
    expect(r.status).toBe(200);
  };

  it('reads 1 as closed by default (seed 000), and as open once an admin says so', async () => {
    await postRaw(app, 'device', signedBody(app, deviceMessage('DOOR-1')));
    await pushStatus('DOOR-1', 1);
    expect(await door('DOOR-1')).toBe(false);
    const openBefore = await doorsOpen();
    expect((await clients()).get(app.clientId)).toMatchObject({
      doorOpen: 0,
      doorOpenSource: 'environment',
    });

    const saved = await sendJson<ClientView>(
      app.admin!,
      'PUT',
      `/api/v1/settings/clients/${app.clientId}`,
      { doorOpen: 1 },
    );
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ doorOpen: 1, doorOpenSource: 'settings' });
    const audit = await getJson<{ items: { targetId: string; before: unknown; after: unknown }[] }>(
      app,
      '/api/v1/audit?action=settings.client_door_open',
    );
    expect(audit.body.items[0]).toMatchObject({
      targetId: app.clientId,
      before: { doorOpen: 0, source: 'environment' },
      after: { doorOpen: 1 },
    });
    // What was already received keeps its meaning.
    expect(await door('DOOR-1')).toBe(false);

    await pushStatus('DOOR-1', 1);
    expect(await door('DOOR-1')).toBe(true);
    expect(await doorsOpen()).toBe(openBefore + 1);
    await pushStatus('DOOR-1', 0);
    expect(await door('DOOR-1')).toBe(false);
    expect(await doorsOpen()).toBe(openBefore);

    // Another client keeps the seed's meaning.
    const twinBody = signBody(
      { clientId: TWIN_CLIENT, nonce_str: nonce(), ...statusMessage('DOOR-2', { doorState: 0 }) },
      TWIN_KEY,
      'bare-lower',
    );
    expect((await postRaw(app, 'status', twinBody)).status).toBe(200);
    expect(await door('DOOR-2')).toBe(true);
  });

  it('refuses an unknown client and a value other than 0 or 1', async () => {
    const unknown = await sendJson(app.admin!, 'PUT', '/api/v1/settings/clients/nobody', {
      doorOpen: 1,
    });
    expect(unknown.status).toBe(404);
    const bad = await sendJson<{ error: { code: string; message: string } }>(
      app.admin!,
      'PUT',
      `/api/v1/settings/clients/${app.clientId}`,
      { doorOpen: 2 },
    );
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toContain('doorOpen');
  });
});
