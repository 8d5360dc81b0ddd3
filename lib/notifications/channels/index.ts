import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { notificationChannels } from '@/db/schema/alerts';
import { getConfig } from '@/lib/config';
import { open } from '@/lib/settings/secretbox';
import type { Notice, SendResult } from '../notice';

/**
 * STAND-IN (area B's tree only): the generic webhook, so the outbox can be built and tested
 * before area B1's channels land. B1's module replaces this file at merge. The channel's
 * sealed config is `{url, secret?}`; the body is the documented generic webhook JSON.
 */
export async function sendNotice(db: Db, channelId: number, notice: Notice): Promise<SendResult> {
  const row = db
    .select()
    .from(notificationChannels)
    .where(eq(notificationChannels.id, channelId))
    .get();
  if (!row) return { ok: false, status: null, answer: 'no such channel', retryable: false };
  const config = JSON.parse(open(getConfig().APP_SECRET ?? '', row.config)) as {
    url: string;
    secret?: string;
  };
  const a = notice.alert;
  const body = JSON.stringify({
    event: notice.event,
    ...(a && {
      alert: {
        id: a.id,
        kind: a.kind,
        assetId: a.assetId,
        state: a.state,
        startedAt: a.startedAt,
        resolvedAt: a.resolvedAt,
        details: a.details,
      },
      url: a.url,
    }),
    ...(notice.alerts && { alerts: notice.alerts }),
    ...(notice.report && { report: notice.report }),
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', config.secret ?? '')
    .update(body)
    .digest('hex');
  try {
    const r = await fetch(config.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-signature': `sha256=${signature}`,
        'x-timestamp': timestamp,
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const answer = (await r.text()).slice(0, 500);
    return { ok: r.ok, status: r.status, answer, retryable: r.status >= 500 || r.status === 429 };
  } catch (e) {
    return { ok: false, status: null, answer: String((e as Error).cause ?? e), retryable: true };
  }
}
