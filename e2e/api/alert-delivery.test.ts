import { afterAll, beforeAll, expect, it } from 'vitest';
import { sendJson } from '../support/auth';
import { deviceMessage, statusMessage } from '../support/messages';
import { createWebhookChannel, sleep, startReceiver, waitFor } from '../support/notifications';
import { push } from '../support/push';
import { startServer, type RunningServer } from '../support/server';

/**
 * Issue 19 end to end, with nothing raised by hand: a machine's own status push takes it
 * offline, the evaluator raises the alert, the rule's channel hears of it once; the push that
 * brings it back ends the alert, and the channel hears of that once too.
 */
let server: RunningServer;
let hook: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  server = await startServer({ NOTIFY_TICK_MS: '100', ALERT_TICK_MS: '200' });
  hook = await startReceiver();
  const admin = server.admin!;
  const current = await sendJson<Record<string, unknown>>(
    admin,
    'GET',
    '/api/v1/settings/thresholds',
  );
  // Offline at once, and ended as soon as it is back (the default waits minutes both ways).
  const saved = await sendJson(admin, 'PUT', '/api/v1/settings/thresholds', {
    ...current.body,
    offlineMinutes: 0,
    kinds: { offline: { minutes: 0, clearMinutes: 0 } },
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  const channel = await createWebhookChannel(server, 'team chat', hook.url);
  const rule = await sendJson(admin, 'POST', '/api/v1/notification-rules', {
    channelId: channel,
    kinds: ['offline'],
  });
  expect(rule.status, JSON.stringify(rule.body)).toBe(201);
  for (const id of ['AD-1', 'AD-2'])
    expect((await push(server, 'device', deviceMessage(id))).status).toBe(200);
  // Online (the platform's 0) to begin with.
  for (const id of ['AD-1', 'AD-2'])
    expect((await push(server, 'status', statusMessage(id, { online: 0 }))).status).toBe(200);
});

afterAll(async () => {
  await hook?.close();
  await server?.stop();
});

it('a machine going offline is told once on the rule’s channel, and its return once', async () => {
  const about = (event: string) =>
    hook.accepted().filter((r) => r.body.event === event && r.body.alert?.assetId === 'AD-1');
  // Offline is the platform's 1; the same state pushed again is the same alert.
  expect((await push(server, 'status', statusMessage('AD-1', { online: 1 }))).status).toBe(200);
  expect((await push(server, 'status', statusMessage('AD-1', { online: 1 }))).status).toBe(200);
  await waitFor('the opened message', () => about('alert.opened').length > 0, 20_000);
  const [opened] = about('alert.opened');
  expect(opened!.body.alert).toMatchObject({ kind: 'offline', assetId: 'AD-1', state: 'open' });
  expect(opened!.body.url).toMatch(new RegExp(`/alerts/${opened!.body.alert!.id}$`));

  expect((await push(server, 'status', statusMessage('AD-1', { online: 0 }))).status).toBe(200);
  await waitFor('the resolved message', () => about('alert.resolved').length > 0, 20_000);
  await sleep(1500); // a second message would come within a few ticks
  expect(about('alert.opened')).toHaveLength(1);
  expect(about('alert.resolved')).toHaveLength(1);
  expect(about('alert.resolved')[0]!.body.alert).toMatchObject({ id: opened!.body.alert!.id });
  // The machine that stayed online was never mentioned.
  expect(hook.accepted().filter((r) => r.body.alert?.assetId === 'AD-2')).toEqual([]);

  const list = await sendJson<{
    items: { id: number; state: string; resolvedAt: number | null }[];
  }>(server.admin!, 'GET', '/api/v1/alerts?assetId=AD-1');
  expect(list.body.items).toEqual([
    expect.objectContaining({ id: opened!.body.alert!.id, state: 'resolved' }),
  ]);
});
