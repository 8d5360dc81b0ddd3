import 'server-only';
import type { Db } from '@/db/client';
import { getChannel, recordChannelOutcome } from '@/db/queries/notification-channels';
import { getConfig } from '@/lib/config';
import { open } from '@/lib/settings/secretbox';
import type { Notice, SendResult } from '../notice';
import type { ChannelConfig } from './config';
import { sendEmail } from './email';
import { clip } from './http';
import { messageOf } from './message';
import { sendDingtalk, sendFeishu, sendWecom } from './robots';
import { sendWebhook } from './webhook';

const refused = (answer: string): SendResult => ({
  ok: false,
  status: null,
  answer,
  retryable: false,
});

/**
 * Sends a notice on a channel now, formatted for it in the notice's language, and records the
 * outcome on the channel (last ok or failed; a delivery's failure adds to the channel's run of
 * failures, a success ends it; a test does neither). Never throws: every failure is an answer.
 *
 * CONTRACT (issue 19): the delivery worker (area B) calls this once per attempt and decides on
 * retries from `retryable`; it does not update the channel's failure count itself.
 */
export async function sendNotice(db: Db, channelId: number, notice: Notice): Promise<SendResult> {
  let result: SendResult;
  try {
    result = await send(db, channelId, notice);
  } catch (e) {
    result = refused(clip(`could not send: ${(e as Error).message}`));
  }
  try {
    if (await getChannel(db, channelId))
      await recordChannelOutcome(db, {
        id: channelId,
        ok: result.ok,
        at: Math.floor(Date.now() / 1000),
        countsFailures: notice.event !== 'test',
      });
  } catch {
    // The outcome is the caller's to record too; a busy database must not hide the answer.
  }
  return result;
}

async function send(db: Db, channelId: number, notice: Notice): Promise<SendResult> {
  const row = await getChannel(db, channelId);
  if (!row) return refused(`channel ${channelId} does not exist or was deleted`);
  const { APP_SECRET, FLEET_TIME_ZONE } = getConfig();
  if (!APP_SECRET) return refused('APP_SECRET is not set: the channel’s settings cannot be read');
  let config: ChannelConfig;
  try {
    config = JSON.parse(open(APP_SECRET, row.config)) as ChannelConfig;
  } catch (e) {
    return refused(`the channel’s settings cannot be read: ${(e as Error).message}`);
  }
  const nowMs = Date.now();
  const now = Math.floor(nowMs / 1000);
  if (row.kind === 'webhook')
    return sendWebhook(config.url!, config.secret ?? '', notice, row.name, now);
  const message = messageOf(notice, { channelName: row.name, timeZone: FLEET_TIME_ZONE, now });
  switch (row.kind) {
    case 'wecom':
      return sendWecom(config.url!, message);
    case 'dingtalk':
      return sendDingtalk(config.url!, config.secret, message, nowMs);
    case 'feishu':
      return sendFeishu(config.url!, config.secret, message, now);
    case 'email':
      return sendEmail(config.smtp!, message);
    default:
      return refused(`unknown channel kind ${String(row.kind)}`);
  }
}
