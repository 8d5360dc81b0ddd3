import { TZDate } from '@date-fns/tz';
import { addMinutes, format } from 'date-fns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson } from '../support/auth';
import { deviceMessage } from '../support/messages';
import { withPeek } from '../support/peek';
import { getJson, push } from '../support/push';
import { startServer, type RunningServer } from '../support/server';

/**
 * The food-safety record's API (JSON, CSV, refusals), the report schedules' API, and the
 * scheduler queuing one delivery per schedule per day with two app processes on one database.
 */
const TZ = 'Asia/Shanghai';
const at = (day: string, time: string) => Date.parse(`${day}T${time}:00+08:00`) / 1000;

let a: RunningServer;
let b: RunningServer | undefined;
let channelId: number;

const reading = (assetId: string, t: number, left: number) => ({
  asset_id: assetId,
  cid: assetId,
  at: t,
  cry_tem_ul: 8,
  cry_tem_dl: 2,
  left_rm_tem: left,
  right_rm_tem: 4,
  left_rm_ref: 1,
  right_rm_ref: 1,
  left_rm_heat: 0,
  right_rm_heat: 0,
});

beforeAll(async () => {
  a = await startServer({ REPORT_INTERVAL_S: '1' });
  await push(a, 'device', deviceMessage('FS-1', { lineName: '冷链线' }));
  await push(a, 'device', deviceMessage('FS-2', { lineName: '其他线' }));
  await withPeek(a, async (db) => {
    // Hours of readings: a push is stamped when it arrives, so a day's history is written here.
    for (const r of [
      reading('FS-1', at('2026-03-09', '22:00'), 5),
      reading('FS-1', at('2026-03-09', '23:00'), 11),
      reading('FS-1', at('2026-03-10', '00:30'), 5),
      reading('FS-1', at('2026-03-10', '01:30'), 5),
      reading('FS-2', at('2026-03-10', '08:00'), 4),
    ])
      await db.run(
        `insert into temperature_readings (${Object.keys(r).join(', ')})
         values (${Object.keys(r)
           .map(() => '?')
           .join(', ')})`,
        ...Object.values(r),
      );
    // Channels are area B1's; one row stands for a channel made on its page.
    const channel = await db.get<{ id: number }>(
      `insert into notification_channels (kind, name, config, created_at, created_by)
       values ('webhook', '运营群', 'sealed', 0, 'test') returning id`,
    );
    channelId = Number(channel!.id);
  });
}, 120_000);

afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

interface Row {
  day: string;
  assetId: string;
  room: string;
  minutesOut: number;
  peak: { value: number } | null;
  longest: { start: number; minutes: number } | null;
  lineName: string | null;
}

describe('GET /api/v1/reports/food-safety', () => {
  it('answers minutes out of band per container, room and local day, across midnight', async () => {
    const r = await getJson<{ rows: Row[]; machines: number }>(
      a,
      '/api/v1/reports/food-safety?from=2026-03-09&to=2026-03-10&assetId=FS-1',
    );
    expect(r.status).toBe(200);
    expect(r.body.machines).toBe(1);
    const left = r.body.rows.filter((x) => x.room === 'left');
    expect(left.map((x) => [x.day, x.minutesOut, x.peak?.value ?? null])).toEqual([
      ['2026-03-09', 60, 11],
      ['2026-03-10', 30, null],
    ]);
    expect(left[1]!.longest).toMatchObject({ start: at('2026-03-09', '23:00'), minutes: 90 });
    const only = await getJson<{ rows: Row[] }>(
      a,
      '/api/v1/reports/food-safety?from=2026-03-09&to=2026-03-10&only=excursions',
    );
    expect(only.body.rows.map((x) => [x.assetId, x.day, x.room])).toEqual([
      ['FS-1', '2026-03-09', 'left'],
      ['FS-1', '2026-03-10', 'left'],
    ]);
    const line = await getJson<{ rows: Row[] }>(
      a,
      `/api/v1/reports/food-safety?from=2026-03-10&to=2026-03-10&line=${encodeURIComponent('其他线')}`,
    );
    expect(new Set(line.body.rows.map((x) => x.assetId))).toEqual(new Set(['FS-2']));
  });

  it('downloads the same record as CSV, headed in the reader’s language', async () => {
    const path = '/api/v1/reports/food-safety?from=2026-03-09&to=2026-03-10&format=csv';
    const en = await fetch(`${a.url}${path}`, {
      headers: { cookie: `${a.admin!.cookie}; locale=en` },
    });
    expect(en.status).toBe(200);
    expect(en.headers.get('content-type')).toContain('text/csv');
    expect(en.headers.get('content-disposition')).toContain(
      'filename="food-safety-2026-03-09-2026-03-10.csv"',
    );
    const text = await en.text();
    expect(text).toContain('Minutes outside band');
    expect(text).toMatch(/2026-03-09,FS-1,.*,Left room,2,60,/);
    const zh = await fetch(`${a.url}${path}`, {
      headers: { cookie: `${a.admin!.cookie}; locale=zh-CN` },
    });
    const zhText = await zh.text();
    expect(zhText).toContain('超出范围分钟数');
    expect(zhText).toContain('左温区');
    expect(zhText).not.toContain('Minutes outside band');
  });

  it('refuses a range too long, backwards or not a date, saying what was wrong', async () => {
    const ask = (q: string) =>
      getJson<{ error: { code: string; message: string } }>(a, `/api/v1/reports/food-safety?${q}`);
    const long = await ask('from=2026-01-01&to=2026-04-10');
    expect(long.status).toBe(422);
    expect(long.body.error.code).toBe('RANGE_TOO_LONG');
    expect(long.body.error.message).toContain('at most 93 days');
    const backwards = await ask('from=2026-03-10&to=2026-03-09');
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.message).toContain('from must not be after to');
    const bad = await ask('from=2026-02-30&to=2026-03-01');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('from is not a real date');
    const missing = await ask('to=2026-03-01');
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain('from');
    const csvLong = await ask('from=2026-01-01&to=2026-04-10&format=csv');
    expect(csvLong.status).toBe(422);
  });
});

describe('/api/v1/report-schedules', () => {
  it('creates, lists and deletes schedules, refusing a bad one by its field; audited', async () => {
    const admin = a.admin!;
    const bad = await sendJson<{ error: { code: string; message: string } }>(
      admin,
      'POST',
      '/api/v1/report-schedules',
      { report: 'weekly', channelId, at: '25:00' },
    );
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toContain('report must be one of dailySales');
    expect(bad.body.error.message).toContain('at must be a time of day');
    const noChannel = await sendJson<{ error: { message: string } }>(
      admin,
      'POST',
      '/api/v1/report-schedules',
      { report: 'dailySales', channelId: 9999, at: '07:00' },
    );
    expect(noChannel.status).toBe(422);
    expect(noChannel.body.error.message).toBe('channelId: no channel 9999 exists');
    const made = await sendJson<{ id: number; channelName: string; language: string }>(
      admin,
      'POST',
      '/api/v1/report-schedules',
      { report: 'dailySales', channelId, at: '07:00', language: 'en' },
    );
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ channelName: '运营群', language: 'en' });
    const list = await getJson<{ items: { id: number }[]; channels: { name: string }[] }>(
      a,
      '/api/v1/report-schedules',
    );
    expect(list.body.items.map((s) => s.id)).toContain(made.body.id);
    expect(list.body.channels.map((c) => c.name)).toEqual(['运营群']);
    const del = await sendJson(admin, 'DELETE', `/api/v1/report-schedules/${made.body.id}`);
    expect(del.status).toBe(200);
    const again = await sendJson(admin, 'DELETE', `/api/v1/report-schedules/${made.body.id}`);
    expect(again.status).toBe(404);
    const audit = await getJson<{ items: { action: string }[] }>(
      a,
      '/api/v1/audit?targetKind=report_schedule',
    );
    expect(audit.body.items.map((x) => x.action).sort()).toEqual([
      'report_schedule.create',
      'report_schedule.delete',
    ]);
  });
});

describe('the report scheduler', () => {
  it('queues exactly one delivery per schedule per day with two app processes', async () => {
    b = await startServer({ REPORT_INTERVAL_S: '1' }, 'server.ts', {
      databaseFile: a.databaseFile,
    });
    // A schedule a minute ahead of the fleet's clock (not in the last seconds of a minute, so
    // that creating it does not already find its time passed).
    while (new Date().getSeconds() > 50) await new Promise((r) => setTimeout(r, 1000));
    const next = addMinutes(new TZDate(Date.now(), TZ), 1);
    const time = format(next, 'HH:mm');
    const today = format(next, 'yyyy-MM-dd');
    const made = await sendJson<{ id: number }>(a.admin!, 'POST', '/api/v1/report-schedules', {
      report: 'foodSafety',
      channelId,
      at: time,
      language: 'en',
    });
    expect(made.status).toBe(201);
    const rows = () =>
      withPeek(a, (db) =>
        db.all<{ key: string; state: string; transition: string; payload: string }>(
          `select dedupe_key as key, state, transition, payload from notification_deliveries
           where dedupe_key like ?`,
          `report:${made.body.id}:%`,
        ),
      );
    const deadline = Date.now() + 90_000;
    while ((await rows()).length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 500));
    // Both processes tick every second: give the other a few chances to queue it again.
    await new Promise((r) => setTimeout(r, 4000));
    const queued = await rows();
    // One row for the day, whatever the delivery worker has made of it since (this test's
    // channel is a row with no receiver behind it: its attempts fail).
    expect(queued.map((r) => [r.key, r.transition])).toEqual([
      [`report:${made.body.id}:${today}`, 'report'],
    ]);
    const notice = JSON.parse(queued[0]!.payload) as {
      event: string;
      language: string;
      report: { title: string; text: string; attachment: { filename: string } };
    };
    expect(notice).toMatchObject({ event: 'report', language: 'en' });
    expect(notice.report.title).toMatch(/^Food-safety temperature record for \d{4}-\d{2}-\d{2}$/);
    expect(notice.report.attachment.filename).toMatch(/^food-safety-.*\.csv$/);
    const list = await getJson<{ items: { id: number; lastQueuedFor: string }[] }>(
      b,
      '/api/v1/report-schedules',
    );
    expect(list.body.items.find((s) => s.id === made.body.id)?.lastQueuedFor).toBe(today);
  }, 150_000);
});
