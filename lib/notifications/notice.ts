/**
 * What a channel is asked to send (area B owns this file; area C wrote only the report's
 * notice, in the shape agreed for issue 19: `sendNotice(db, channelId, notice)`).
 */
export interface ReportNotice {
  event: 'report';
  language: 'zh-CN' | 'en';
  report: {
    title: string;
    /** A few readable lines: the figures that matter. */
    text: string;
    attachment: { filename: string; content: string; contentType: 'text/csv' };
  };
}
