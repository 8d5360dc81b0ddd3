/**
 * What a channel is told (issue 19). CONTRACT between the delivery worker (area B, which owns
 * this file) and the channels (lib/notifications/channels): the worker builds a Notice from
 * the outbox row and calls `sendNotice(db, channelId, notice)`.
 */
export type AlertNotice = {
  id: number;
  kind: string;
  assetId: string | null;
  machineName?: string | null;
  siteName?: string | null;
  lineName?: string | null;
  state: string;
  startedAt: number;
  resolvedAt: number | null;
  details: Record<string, unknown>;
  /** The alert's page, absolute, for the message's link. */
  url: string;
};

export type Notice = {
  event: 'alert.opened' | 'alert.resolved' | 'alert.escalated' | 'digest' | 'test' | 'report';
  language: 'zh-CN' | 'en';
  alert?: AlertNotice;
  alerts?: AlertNotice[];
  report?: {
    title: string;
    text: string;
    attachment?: { filename: string; content: string; contentType: string };
  };
};

/**
 * A channel's answer. `retryable`: worth another attempt later (network errors, 5xx, 429, the
 * robots' rate-limit codes); not for 4xx or a refused token, which only a person can mend.
 */
export type SendResult = { ok: boolean; status: number | null; answer: string; retryable: boolean };
