import { describe, expect, it } from 'vitest';
import type { AlertNotice, Notice } from '../notice';
import { channelBody, summaryOf } from './config';
import { messageOf } from './message';
import { byteLength, emailOf, feishuCardOf, LIMITS, markdownOf } from './render';
import {
  dingtalkSign,
  dingtalkSignedUrl,
  feishuSign,
  webhookSignature,
  webhookTimestampSignature,
} from './sign';
import { webhookBody } from './webhook';

/*
 * The expected signatures were computed apart from this code, with Python's hmac module
 * following each vendor's documented recipe, so a change in how we sign fails here.
 */
describe('signatures', () => {
  it('DingTalk: HMAC-SHA256 keyed with the secret over "timestamp\\nsecret", base64', () => {
    expect(dingtalkSign('SECabc123', 1_700_000_000_000)).toBe(
      'N5P09a4+p1AMJIJWnIvQd2Yxw9+fu/oEBnPrjCcsLXk=',
    );
    const u = new URL(
      dingtalkSignedUrl(
        'https://oapi.dingtalk.com/robot/send?access_token=t',
        'SECabc123',
        1_700_000_000_000,
      ),
    );
    expect(u.searchParams.get('access_token')).toBe('t');
    expect(u.searchParams.get('timestamp')).toBe('1700000000000');
    expect(u.searchParams.get('sign')).toBe('N5P09a4+p1AMJIJWnIvQd2Yxw9+fu/oEBnPrjCcsLXk=');
    // The + and / of base64 are percent-encoded on the wire.
    expect(u.search).toContain('sign=N5P09a4%2Bp1AMJIJWnIvQd2Yxw9%2Bfu%2FoEBnPrjCcsLXk%3D');
  });

  it('Feishu: "timestamp\\nsecret" is the HMAC key, over an empty message', () => {
    expect(feishuSign('SECabc123', 1_700_000_000)).toBe(
      'UqhI0v4zAkSwI4hNYBuHQvnrAqshA0UaeBGHCUMPX70=',
    );
  });

  it('webhook: hex HMAC of the body, and of "timestamp.body"', () => {
    const body = '{"event":"test"}';
    expect(webhookSignature('whsecret', body)).toBe(
      'sha256=ff3445c6d45b65096ad956186aeff02e8bbd8cba24d703ec6a17a111f31579cc',
    );
    expect(webhookTimestampSignature('whsecret', 1_700_000_000, body)).toBe(
      'sha256=d3664d1b1fdb29b4d16d536e291f637a618b3c6991065d3aa17cf3df1b0908ef',
    );
  });
});

const NOW = 1_764_748_800; // 2025-12-03 08:00 UTC = 16:00 in Shanghai
const TZ = 'Asia/Shanghai';

function alert(over: Partial<AlertNotice> = {}): AlertNotice {
  return {
    id: 7,
    kind: 'temperature',
    assetId: 'VM-0042',
    machineName: 'Lobby [north] *cold*',
    siteName: 'Tower A',
    lineName: 'Line 3',
    state: 'open',
    startedAt: NOW - 3600,
    resolvedAt: null,
    details: {
      cid: 'master',
      room: 'left',
      temperature: 11.5,
      low: 2,
      high: 8,
      mode: 'cooling',
      peak: 12.1,
    },
    url: 'https://fleet.example.com/alerts/7',
    ...over,
  };
}

const opened = (language: Notice['language'], a = alert()): Notice => ({
  event: 'alert.opened',
  language,
  alert: a,
});
const msg = (n: Notice) => messageOf(n, { channelName: 'Ops group', timeZone: TZ, now: NOW });

describe('an alert formatted for each channel', () => {
  it('says kind, machine, site, line, local start, the sentence and the link, in English', () => {
    const md = markdownOf(msg(opened('en')), 'wecom');
    expect(md).toContain('## Alert: Temperature · Lobby ［north］ ∗cold∗ (VM-0042)');
    expect(md).toContain('Site: Tower A');
    expect(md).toContain('Line: Line 3');
    // 07:00 UTC is 15:00 in the fleet's time zone.
    expect(md).toContain('Since: Dec 3, 2025, 15:00');
    expect(md).toContain('Main cabinet left room 11.5 °C, band 2 to 8 °C (cooling), peak 12.1 °C');
    expect(md).toContain('[Open the alert](https://fleet.example.com/alerts/7)');
  });

  it('in Chinese, with no English words of ours', () => {
    const md = markdownOf(msg(opened('zh-CN')), 'dingtalk');
    expect(md).toContain('### 告警：温度 · Lobby ［north］ ∗cold∗（VM-0042）');
    expect(md).toContain('点位：Tower A');
    expect(md).toContain('开始于：2025/12/03 15:00');
    expect(md).toContain('主柜左室 11.5 °C，区间 2 至 8 °C（制冷），峰值 12.1 °C');
    expect(md).toContain('[查看告警](https://fleet.example.com/alerts/7)');
    expect(md).not.toMatch(/Alert|Since|Open the/);
  });

  it('a machine that stopped selling says the expected and the actual units, in both languages', () => {
    const a = alert({
      kind: 'salesBelowExpected',
      details: { expected: 14.2, actual: 1, hours: 6, from: NOW - 6 * 3600 },
    });
    const en = markdownOf(msg(opened('en', a)), 'wecom');
    expect(en).toContain('## Alert: Sales stopped · Lobby');
    expect(en).toContain('1 unit sold in the last 6 h where about 14.2 were expected');
    const zh = markdownOf(msg(opened('zh-CN', a)), 'dingtalk');
    expect(zh).toContain('### 告警：销量骤降 · Lobby');
    expect(zh).toContain('近 6 小时仅售出 1 件，按其以往销量应售出约 14.2 件');
    expect(zh).not.toMatch(/Sales|sold|expected/);
    const none = markdownOf(
      msg(opened('en', { ...a, details: { ...a.details, actual: 0 } })),
      'wecom',
    );
    expect(none).toContain('Nothing sold in the last 6 h where about 14.2 were expected');
  });

  it('a resolution says when it ended and how long it lasted', () => {
    const n: Notice = {
      event: 'alert.resolved',
      language: 'en',
      alert: alert({ state: 'resolved', resolvedAt: NOW - 600 }),
    };
    const text = emailOf(msg(n)).text;
    expect(text).toContain('Resolved: Temperature');
    expect(text).toContain('Resolved at: Dec 3, 2025, 15:50');
    expect(text).toContain('Lasted: 50 min');
  });

  it('a kind without words yet is still sent, as an alert, without a developer word', () => {
    const n = opened(
      'en',
      alert({ kind: 'aKindNotYetNamed', assetId: null, details: { job: 'x' } }),
    );
    const md = markdownOf(msg(n), 'wecom');
    expect(md).toContain('## Alert: Alert');
    expect(md).not.toContain('aKindNotYetNamed');
    expect(md).not.toContain('overview.');
  });

  it('e-mail escapes every value in its HTML and keeps the text part plain', () => {
    const a = alert({ siteName: '<script>alert(1)</script> & co' });
    const mail = emailOf(msg(opened('en', a)));
    expect(mail.subject).toBe('Alert: Temperature · Lobby [north] *cold* (VM-0042)');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('<a href="https://fleet.example.com/alerts/7">Open the alert</a>');
    expect(mail.text).toContain('Site: <script>alert(1)</script> & co');
  });

  it('Feishu gets a red card for an alert, green for a resolution', () => {
    const card = feishuCardOf(msg(opened('zh-CN')));
    expect(card.header.title.content).toBe('告警：温度 · Lobby [north] *cold*（VM-0042）');
    expect(card.header.template).toBe('red');
    expect(JSON.stringify(card.elements)).toContain(
      '[查看告警](https://fleet.example.com/alerts/7)',
    );
    const ok = feishuCardOf(
      msg({ event: 'alert.resolved', language: 'en', alert: alert({ resolvedAt: NOW }) }),
    );
    expect(ok.header.template).toBe('green');
  });

  it('the webhook body is the issue’s shape', () => {
    expect(webhookBody(opened('en'), 'x')).toEqual({
      event: 'alert.opened',
      alert: {
        id: 7,
        kind: 'temperature',
        assetId: 'VM-0042',
        state: 'open',
        startedAt: NOW - 3600,
        resolvedAt: null,
        details: alert().details,
      },
      url: 'https://fleet.example.com/alerts/7',
    });
  });
});

describe('size limits', () => {
  const many = (language: Notice['language'], n: number): Notice => ({
    event: 'digest',
    language,
    alerts: Array.from({ length: n }, (_, i) =>
      alert({ id: i + 1, assetId: `VM-${i}`, url: `https://fleet.example.com/alerts/${i + 1}` }),
    ),
  });

  it.each(['en', 'zh-CN'] as const)(
    'a %s digest over WeCom’s 4096 bytes keeps what fits and counts the rest',
    (language) => {
      const md = markdownOf(msg(many(language, 60)), 'wecom');
      expect(byteLength(md)).toBeLessThanOrEqual(LIMITS.wecom);
      const shown = md.match(/alerts\/\d+\)/g)!.length;
      expect(shown).toBeGreaterThan(3);
      expect(shown).toBeLessThan(60);
      expect(md).toContain(
        language === 'en' ? `…and ${60 - shown} more` : `……另有 ${60 - shown} 条`,
      );
      expect(md).toContain(
        language === 'en' ? '60 alerts during quiet hours' : '免打扰时段内的 60 条告警',
      );
    },
  );

  it('a small digest is sent whole', () => {
    const md = markdownOf(msg(many('en', 3)), 'wecom');
    expect(md.match(/alerts\/\d+\)/g)).toHaveLength(3);
    expect(md).not.toContain('more');
  });

  it('a report text too long for WeCom is cut, and says so', () => {
    const n: Notice = {
      event: 'report',
      language: 'en',
      report: { title: 'Daily sales', text: '售'.repeat(3000) },
    };
    const md = markdownOf(msg(n), 'wecom');
    expect(byteLength(md)).toBeLessThanOrEqual(LIMITS.wecom);
    expect(md).toContain('shortened to fit');
  });
});

describe('channel settings', () => {
  it('refuses a non-http URL and says why', () => {
    const r = channelBody.safeParse({ kind: 'wecom', name: 'x', url: 'ftp://example.com/x' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toContain('http:// or https://');
  });

  it('refuses a secret for WeCom, whose robot does not sign', () => {
    const r = channelBody.safeParse({
      kind: 'wecom',
      name: 'x',
      url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc',
      secret: 's',
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toContain('"secret" is not used');
  });

  it('shows the host and the token’s last characters only', () => {
    expect(
      summaryOf('wecom', {
        url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=73febdcb-1b38-4d1b-a994-790f21fc8d30',
      }),
    ).toEqual({ host: 'qyapi.weixin.qq.com', key: '…8d30' });
    expect(
      summaryOf('feishu', {
        url: 'https://open.feishu.cn/open-apis/bot/v2/hook/0123456789abcdef',
        secret: 's',
      }),
    ).toEqual({ host: 'open.feishu.cn', key: '…cdef', signed: true });
  });
});
