import 'server-only';
import { bumpRulesVersion } from '@/db/queries/notification-rules';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import {
  getChannel,
  insertChannel,
  listChannels,
  softDeleteChannel,
  type ChannelRow,
} from '@/db/queries/notification-channels';
import type { Caller } from '@/lib/edge/caller';
import { ApiError } from '@/lib/edge/errors';
import { audit } from '@/lib/admin/audit';
import { getConfig } from '@/lib/config';
import { seal } from '@/lib/settings/secretbox';
import { configOf, summaryOf, type ChannelBody, type ChannelSummary } from './config';
import { sendNotice } from './index';

/** A channel as the API shows it: where it goes (masked), how it has fared; never its secrets. */
export function channelView(r: ChannelRow) {
  let summary: ChannelSummary = {};
  try {
    summary = JSON.parse(r.summary || '{}') as ChannelSummary;
  } catch {
    // An unreadable summary shows as none: it is only ever written by summaryOf.
  }
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    summary,
    failures: r.failures,
    lastOkAt: r.lastOkAt,
    lastFailedAt: r.lastFailedAt,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
  };
}
export type ChannelView = Awaited<ReturnType<typeof channelView>>;

export const channelViews = async (db: Db) => (await listChannels(db)).map(channelView);

/** Robot URLs carry their tokens: without APP_SECRET nothing can be stored encrypted. */
function appSecret(): string {
  const secret = getConfig().APP_SECRET;
  if (!secret)
    throw new ApiError(
      'CONFLICT',
      'APP_SECRET is not set: channel settings (robot URLs, secrets, SMTP passwords) cannot be stored encrypted. Set it and restart.',
    );
  return secret;
}

const now = () => Math.floor(Date.now() / 1000);

export async function createChannel(db: Db, caller: Caller, body: ChannelBody) {
  const config = configOf(body);
  const sealed = seal(appSecret(), JSON.stringify(config));
  const at = now();
  return await inTransaction(db, async () => {
    const row = await insertChannel(db, {
      kind: body.kind,
      name: body.name,
      config: sealed,
      summary: JSON.stringify(summaryOf(body.kind, config)),
      createdAt: at,
      createdBy: caller.principal?.label ?? 'system',
    });
    const view = channelView(row);
    await audit(
      db,
      caller,
      {
        action: 'notification.channel_create',
        targetKind: 'notification_channel',
        targetId: row.id,
        after: { kind: view.kind, name: view.name, summary: view.summary },
      },
      at,
    );
    return view;
  });
}

export async function deleteChannel(db: Db, caller: Caller, id: number) {
  const at = now();
  return await inTransaction(db, async () => {
    const row = await softDeleteChannel(db, id, at);
    if (!row) throw new ApiError('NOT_FOUND', `notification channel ${id} does not exist`);
    // Its rules stop matching in every process: their rule caches reload on the version.
    await bumpRulesVersion(db, at, caller.principal?.label ?? 'system');
    const view = channelView(row);
    await audit(
      db,
      caller,
      {
        action: 'notification.channel_delete',
        targetKind: 'notification_channel',
        targetId: id,
        before: { kind: view.kind, name: view.name, summary: view.summary },
      },
      at,
    );
    return view;
  });
}

export const testBody = z.strictObject({
  language: z.enum(['zh-CN', 'en'], { error: 'language must be zh-CN or en' }).default('zh-CN'),
});

/** Sends a test message now; the answer is the channel's, whatever it is. */
export async function testChannel(db: Db, caller: Caller, id: number, language: 'zh-CN' | 'en') {
  const row = await getChannel(db, id);
  if (!row) throw new ApiError('NOT_FOUND', `notification channel ${id} does not exist`);
  appSecret();
  const r = await sendNotice(db, id, { event: 'test', language });
  await audit(db, caller, {
    action: 'notification.channel_test',
    targetKind: 'notification_channel',
    targetId: id,
    after: { name: row.name, ok: r.ok, status: r.status, answer: r.answer },
  });
  return { ok: r.ok, status: r.status, answer: r.answer };
}
