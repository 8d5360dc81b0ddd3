import { beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db';
import type { Db } from '@/db/client';
import { reportDeliveries } from '@/db/queries/report-schedules';
import { notificationChannels } from '@/db/schema';
import { deviceMessage, statusMessage } from '@/e2e/support/messages';
import type { ReportNotice } from '@/lib/notifications/notice';
import { receiveNotification } from '@/lib/ingest/push/receive';
import { translator } from '@/lib/reads/registry';
import { signBody } from '@/lib/platforms/signing';
import { buildReportNotice } from './scheduled';
import { createSchedule } from './schedules';
import { reportTick, type BuildNotice } from './scheduler';

const TZ = 'Asia/Shanghai';
/** Local time in Shanghai (UTC+8) as epoch seconds. */
const at = (day: string, time: string) => Date.parse(`${day}T${time}:00+08:00`) / 1000;
const caller = {
  principal: { kind: 'token' as const, id: 7, role: 'admin' as const, label: 'ci token' },
  ip: '127.0.0.1',
};

let db: Db;
let channelId: number;
let nonce = 0;
const push = async (kind: 'device' | 'status', payload: Record<string, unknown>, t: number) => {
  const body = signBody(
    { clientId: 'unit-client', nonce_str: `n${++nonce}`, ...payload },
    'unit-key',
    'ampersand',
  );
  expect((await receiveNotification(db, kind, body, t)).status).toBe(200);
};
const fridge = (left: number) => ({
  temperState: [
    {
      cid: 'F-1',
      temperDetail: {
        cryTemUL: 8,
        cryTemDL: 2,
        heatTemUL: 60,
        heatTemDL: 50,
        leftRmTem: left,
        rightRmTem: 4,
        leftRmRef: 1,
        rightRmRef: 1,
        leftRmHeat: 0,
        rightRmHeat: 0,
      },
    },
  ],
});

const build: BuildNotice = (s, d) =>
  buildReportNotice(
    db,
    { ...d, report: s.report, language: s.language, timeZone: TZ },
    translator(s.language),
  );
const tick = (now: number) => reportTick(db, { now, timeZone: TZ, build });

beforeEach(() => {
  db = openDb(':memory:');
  channelId = db
    .insert(notificationChannels)
    .values({ kind: 'webhook', name: 'Ops group', config: 'x', createdAt: 0, createdBy: 't' })
    .returning()
    .get().id;
});

describe('the report scheduler', () => {
  it('queues one delivery per schedule per day at its time, for yesterday, in its language', async () => {
    await push('device', deviceMessage('F-1'), at('2026-03-09', '12:00'));
    await push('status', statusMessage('F-1', fridge(4)), at('2026-03-09', '22:00'));
    await push('status', statusMessage('F-1', fridge(12)), at('2026-03-09', '23:30'));
    await push('status', statusMessage('F-1', fridge(5)), at('2026-03-10', '00:30'));
    const s = await createSchedule(
      db,
      caller,
      { report: 'foodSafety', channelId, at: '07:00', language: 'en' },
      {
        now: at('2026-03-10', '06:00'),
        timeZone: TZ,
      },
    );
    expect(await tick(at('2026-03-10', '06:59'))).toEqual([]);
    expect(await tick(at('2026-03-10', '07:00'))).toEqual([s.id]);
    expect(await tick(at('2026-03-10', '07:01'))).toEqual([]);
    expect(await tick(at('2026-03-10', '23:59'))).toEqual([]);
    const rows = await reportDeliveries(db, { scheduleId: s.id });
    expect(rows.map((r) => [r.dedupeKey, r.state])).toEqual([
      [`report:${s.id}:2026-03-10`, 'pending'],
    ]);
    const payload = db.$client
      .prepare('select payload, transition, channel_id as c from notification_deliveries')
      .get() as { payload: string; transition: string; c: number };
    expect(payload.transition).toBe('report');
    expect(payload.c).toBe(channelId);
    const notice = JSON.parse(payload.payload) as ReportNotice;
    expect(notice.report.title).toBe('Food-safety temperature record for 2026-03-09');
    // 23:30 to midnight warm: 30 minutes on the 9th (the 10th's 30 minutes are not yesterday's).
    expect(notice.report.text).toContain('Left room: 30 min outside the band, peak 12 °C');
    expect(notice.report.attachment).toMatchObject({
      filename: 'food-safety-2026-03-09.csv',
      contentType: 'text/csv',
    });
    expect(notice.report.attachment.content).toContain('Minutes outside band');
  });

  it('queues a missed time when the server is back the same day; never an old day late', async () => {
    const s = await createSchedule(
      db,
      caller,
      { report: 'silentMachines', channelId, at: '07:00', language: 'zh-CN' },
      {
        now: at('2026-03-09', '06:00'),
        timeZone: TZ,
      },
    );
    // Down at 07:00 on the 9th, back at 15:00: queued then.
    expect(await tick(at('2026-03-09', '15:00'))).toEqual([s.id]);
    // Down all of the 10th; back on the 11th before 07:00: the 10th is not sent late.
    expect(await tick(at('2026-03-11', '06:30'))).toEqual([]);
    expect(await tick(at('2026-03-11', '07:00'))).toEqual([s.id]);
    const keys = (await reportDeliveries(db, { scheduleId: s.id })).map((r) => r.dedupeKey);
    expect(keys).toEqual([`report:${s.id}:2026-03-09`, `report:${s.id}:2026-03-11`]);
    const notice = JSON.parse(
      (
        db.$client.prepare('select payload from notification_deliveries').get() as {
          payload: string;
        }
      ).payload,
    ) as ReportNotice;
    expect(notice.language).toBe('zh-CN');
    expect(notice.report.text).toContain('0 台机器离线');
  });

  it('a schedule made after its time starts tomorrow; a deleted one queues nothing', async () => {
    const late = await createSchedule(
      db,
      caller,
      { report: 'dailySales', channelId, at: '07:00', language: 'en' },
      {
        now: at('2026-03-10', '09:00'),
        timeZone: TZ,
      },
    );
    expect(await tick(at('2026-03-10', '09:01'))).toEqual([]);
    expect(await tick(at('2026-03-11', '07:00'))).toEqual([late.id]);
    const notice = JSON.parse(
      (
        db.$client.prepare('select payload from notification_deliveries').get() as {
          payload: string;
        }
      ).payload,
    ) as ReportNotice;
    expect(notice.report.text).toContain('2026-03-10: net sales CN¥0.00 from 0 sales');
    db.$client.prepare('update report_schedules set deleted_at = 1').run();
    expect(await tick(at('2026-03-12', '07:00'))).toEqual([]);
  });
});
