import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpReceiver, type SmtpReceiver } from '@/e2e/support/smtp-receiver';
import { sendEmail } from './email';
import { messageOf } from './message';
import type { SmtpConfig } from './config';

/** E-mail through a real SMTP server on 127.0.0.1 (smtp-server), read back part by part. */
let open: SmtpReceiver;
let authed: SmtpReceiver;

beforeAll(async () => {
  open = await startSmtpReceiver();
  authed = await startSmtpReceiver({ user: 'ops', password: 'right-password' });
});
afterAll(async () => {
  await open?.close();
  await authed?.close();
});

const smtp = (port: number, over: Partial<SmtpConfig> = {}): SmtpConfig => ({
  host: '127.0.0.1',
  port,
  secure: 'none',
  from: 'fleet@example.com',
  to: ['ops@example.com', 'lead@example.com'],
  ...over,
});

describe('e-mail', () => {
  it('a report arrives with its subject, HTML and text parts and the CSV attached', async () => {
    const m = messageOf(
      {
        event: 'report',
        language: 'zh-CN',
        report: {
          title: '昨日销售 <Line 3>',
          text: '合计 ¥1,234.50\n机器 12 台',
          attachment: {
            filename: '销售-2025-12-02.csv',
            content: '线路,金额\n三号线,1234.50\n',
            contentType: 'text/csv',
          },
        },
      },
      { channelName: 'ops', timeZone: 'Asia/Shanghai', now: 1_764_748_800 },
    );
    const r = await sendEmail(smtp(open.port), m);
    expect(r).toMatchObject({ ok: true, status: 250, retryable: false });
    const mail = open.mails.at(-1)!;
    expect(mail.subject).toBe('昨日销售 <Line 3>');
    expect(mail.to).toEqual(['ops@example.com', 'lead@example.com']);
    const html = mail.parts.find((p) => p.contentType === 'text/html')!.body;
    const text = mail.parts.find((p) => p.contentType === 'text/plain' && !p.filename)!.body;
    expect(html).toContain('昨日销售 &lt;Line 3&gt;');
    expect(html).toContain('合计 ¥1,234.50<br>机器 12 台');
    expect(text).toContain('合计 ¥1,234.50\n机器 12 台');
    expect(text).toContain('附件：销售-2025-12-02.csv');
    const csv = mail.parts.find((p) => p.filename === '销售-2025-12-02.csv')!;
    expect(csv.contentType).toBe('text/csv');
    expect(csv.body).toBe('线路,金额\n三号线,1234.50\n');
  });

  it('a refused password is a failure no retry mends; a server that is down may be retried', async () => {
    const m = messageOf(
      { event: 'test', language: 'en' },
      { channelName: 'ops', timeZone: 'UTC', now: 1_764_748_800 },
    );
    const refused = await sendEmail(
      smtp(authed.port, { user: 'ops', password: 'wrong-password' }),
      m,
    );
    expect(refused).toMatchObject({ ok: false, status: 535, retryable: false });
    const ok = await sendEmail(smtp(authed.port, { user: 'ops', password: 'right-password' }), m);
    expect(ok.ok).toBe(true);
    const down = await sendEmail(smtp(1), m);
    expect(down).toMatchObject({ ok: false, status: null, retryable: true });
  });

  it('STARTTLS required but not offered: nothing is sent in the clear', async () => {
    const m = messageOf(
      { event: 'test', language: 'en' },
      { channelName: 'ops', timeZone: 'UTC', now: 1_764_748_800 },
    );
    const before = open.mails.length;
    const r = await sendEmail(smtp(open.port, { secure: 'starttls' }), m);
    expect(r.ok).toBe(false);
    expect(r.answer).toMatch(/STARTTLS/);
    expect(r.retryable).toBe(false);
    expect(open.mails).toHaveLength(before);
  });
});
