import type { Db } from '@/db/client';

/**
 * What the outbox hands a channel to send (the contract with lib/notifications/channels, which
 * formats it per channel kind). Times are epoch seconds.
 */
export type NoticeEvent =
  'alert.opened' | 'alert.resolved' | 'alert.escalated' | 'digest' | 'test' | 'report';

export type NoticeLanguage = 'zh-CN' | 'en';

export interface AlertNotice {
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
  /** The alert's page, from APP_URL. */
  url: string;
}

export interface Notice {
  event: NoticeEvent;
  language: NoticeLanguage;
  alert?: AlertNotice;
  /** A digest's alerts, each as it stands when the digest goes out. */
  alerts?: AlertNotice[];
  report?: {
    title: string;
    text: string;
    attachment?: { filename: string; content: string; contentType: string };
  };
}

/** A channel's answer: `retryable` false means trying again cannot help (a 4xx, a bad config). */
export interface SendResult {
  ok: boolean;
  status: number | null;
  answer: string;
  retryable: boolean;
}

export type SendNotice = (db: Db, channelId: number, notice: Notice) => Promise<SendResult>;

/** A scheduled report's notice (lib/reports): always a report, its CSV attached. */
export interface ReportNotice extends Notice {
  event: 'report';
  report: {
    title: string;
    /** A few readable lines: the figures that matter. */
    text: string;
    attachment: { filename: string; content: string; contentType: 'text/csv' };
  };
}
