import 'server-only';
import type { AlertNotice, Notice, SendResult } from '../notice';
import { byStatus, postJson } from './http';
import { webhookSignature, webhookTimestampSignature } from './sign';

const alertBody = (a: AlertNotice) => ({
  id: a.id,
  kind: a.kind,
  assetId: a.assetId,
  state: a.state,
  startedAt: a.startedAt,
  resolvedAt: a.resolvedAt,
  details: a.details,
});

/**
 * The generic webhook's JSON (issue 19): `{event, alert:{…}, url}` for an alert's change,
 * `{event:'digest', alerts:[{…, url}]}`, `{event:'report', title, text, attachment}`,
 * `{event:'test', channel}`. Times are epoch seconds.
 */
export function webhookBody(notice: Notice, channelName: string): Record<string, unknown> {
  switch (notice.event) {
    case 'digest':
      return {
        event: 'digest',
        alerts: (notice.alerts ?? []).map((a) => ({ ...alertBody(a), url: a.url })),
      };
    case 'report':
      return {
        event: 'report',
        title: notice.report?.title ?? '',
        text: notice.report?.text ?? '',
        attachment: notice.report?.attachment
          ? {
              filename: notice.report.attachment.filename,
              contentType: notice.report.attachment.contentType,
              content: notice.report.attachment.content,
            }
          : null,
      };
    case 'test':
      return { event: 'test', channel: channelName };
    default:
      return notice.alert
        ? { event: notice.event, alert: alertBody(notice.alert), url: notice.alert.url }
        : { event: notice.event };
  }
}

export async function sendWebhook(
  url: string,
  secret: string,
  notice: Notice,
  channelName: string,
  nowSeconds: number,
): Promise<SendResult> {
  const body = JSON.stringify(webhookBody(notice, channelName));
  const a = await postJson(url, body, {
    'X-Timestamp': String(nowSeconds),
    'X-Signature': webhookSignature(secret, body),
    'X-Timestamp-Signature': webhookTimestampSignature(secret, nowSeconds, body),
    'X-Event': notice.event,
  });
  return 'ok' in a ? a : byStatus(a);
}
