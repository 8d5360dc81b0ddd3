import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { openDb } from '@/lib/db';
import { sendJson } from '@/e2e/support/auth';
import { statusMessage } from '@/e2e/support/messages';
import { signedBody } from '@/e2e/support/push';
import { startServer, type RunningServer } from '@/e2e/support/server';
import { bulkLoad } from '@/scripts/bulk-load';
import { ensureBuild, loadavg, pct } from './support';

/**
 * `npm run bench:alerts [-- --machines 5000 --pushes 50000 --share 0.02 --rounds 2]`
 *
 * What alerting costs the pushes, and how soon a person hears (issue 19). A fleet of
 * `--machines` (seeded once, copied for each run) takes a burst of `--pushes` signed status
 * pushes at 16 connections, of which `--share` take a different, online machine offline (each
 * one starts an alert; offline minutes 0 raises at once) and the rest report machines online
 * that already are. Each round runs the burst three times in the same script: with ALERTS=off
 * (the baseline), with the evaluator raising the alerts but no rule (what evaluation costs),
 * and with a generic webhook channel on a local receiver and a rule for offline machines (what
 * evaluation and 1,000 deliveries in the burst cost together). Prints the rates and their
 * ratios to the baseline (target for evaluation ≥ 0.9), and the delivery latency from each
 * offline push's send to the receiver's 200 (p50/p95/max; target p95 ≤ 2 s), with how many of
 * the alerts arrived, and how many arrived twice.
 */
const { values } = parseArgs({
  options: {
    machines: { type: 'string', default: '5000' },
    pushes: { type: 'string', default: '50000' },
    share: { type: 'string', default: '0.02' },
    rounds: { type: 'string', default: '2' },
  },
});
const MACHINES = Number(values.machines);
const PUSHES = Number(values.pushes);
const SHARE = Number(values.share);
const ROUNDS = Number(values.rounds);
for (const [name, v] of Object.entries({ MACHINES, PUSHES, ROUNDS }))
  if (!Number.isInteger(v) || v < 1)
    throw new Error(`--${name.toLowerCase()} must be a whole number`);
if (!(SHARE > 0 && SHARE < 1)) throw new Error('--share must be between 0 and 1');
const CONNECTIONS = 16;
const DELIVERY_WAIT_MS = 60_000;

ensureBuild();

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vending-bench-alerts-'));
const seeded = path.join(dir, 'seed.db');
console.log(`seeding ${MACHINES} machines into ${seeded}`);
{
  const db = openDb(seeded);
  await bulkLoad(db, {
    seed: 1,
    machines: MACHINES,
    days: 1,
    finalStatusOnly: true,
    clientId: 'bench-client',
  });
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.close();
}
const assets = (() => {
  const db = new Database(seeded, { readonly: true });
  try {
    return db.prepare('select asset_id from machines order by asset_id').pluck().all() as string[];
  } finally {
    db.close();
  }
})();

/** The receiver standing in for a team's webhook: when each alert's first message arrived. */
const arrivals = new Map<string, number>();
let repeats = 0;
const receiver = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const at = performance.now();
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        event?: string;
        alert?: { id: number; assetId: string | null };
      };
      if (body.event === 'alert.opened' && body.alert?.assetId) {
        const key = `${body.alert.assetId}#${body.alert.id}`;
        if (arrivals.has(key)) repeats++;
        else arrivals.set(key, at);
      }
    } catch {
      // not ours to judge: answer 200 so the app does not retry a message we cannot read
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;

async function configureAlerting(server: RunningServer, notify: boolean) {
  const admin = server.admin!;
  const current = await sendJson<Record<string, unknown>>(
    admin,
    'GET',
    '/api/v1/settings/thresholds',
  );
  const thresholds = { ...current.body, offlineMinutes: 0 };
  const saved = await sendJson(admin, 'PUT', '/api/v1/settings/thresholds', thresholds);
  if (saved.status !== 200)
    throw new Error(`thresholds: ${saved.status} ${JSON.stringify(saved.body)}`);
  if (!notify) return;
  const channel = await sendJson<{ id: number }>(admin, 'POST', '/api/v1/notification-channels', {
    kind: 'webhook',
    name: 'bench receiver',
    url: receiverUrl,
    secret: 'bench-webhook-secret',
  });
  if (channel.status !== 201)
    throw new Error(`channel: ${channel.status} ${JSON.stringify(channel.body)}`);
  const rule = await sendJson(admin, 'POST', '/api/v1/notification-rules', {
    channelId: channel.body.id,
    kinds: ['offline'],
  });
  if (rule.status !== 201) throw new Error(`rule: ${rule.status} ${JSON.stringify(rule.body)}`);
}

/** Machines online now: the burst's offline pushes each start one alert. */
function onlineAssets(file: string): Set<string> {
  const db = new Database(file, { readonly: true });
  try {
    return new Set(
      // The platform's codes: online 0 is online, 1 offline (db/schema/status.ts).
      db.prepare('select asset_id from machine_status where online = 0').pluck().all() as string[],
    );
  } finally {
    db.close();
  }
}

interface Burst {
  rate: number;
  non2xx: number;
  errors: number;
  latencies: number[];
  expected: number;
  repeats: number;
}

let round = 0;
type Mode = 'off' | 'evaluate' | 'notify';

async function burst(mode: Mode): Promise<Burst> {
  const alerting = mode !== 'off';
  const file = path.join(dir, `run-${++round}.db`);
  fs.copyFileSync(seeded, file);
  const server = await startServer(
    // No APP_URL: the sign-in's same-origin check would refuse the bench's own port; the
    // messages' links are then relative, which the receiver does not read.
    alerting ? {} : { ALERTS: 'off' },
    'server.ts',
    { databaseFile: file },
  );
  try {
    const online = onlineAssets(file);
    const offlineTargets = assets.filter((a) => online.has(a));
    const every = Math.round(1 / SHARE);
    const wanted = Math.min(offlineTargets.length, Math.floor(PUSHES / every));
    const goingOffline = new Set(offlineTargets.slice(0, wanted));
    const stayOnline = [...online].filter((a) => !goingOffline.has(a));
    if (alerting) {
      await configureAlerting(server, mode === 'notify');
      // Machines offline since before the burst raise their alerts at the first scan: let those
      // go out before the clock starts, so the burst's figures are the burst's.
      await new Promise((r) => setTimeout(r, 3000));
    }
    arrivals.clear();
    repeats = 0;
    const sentAt = new Map<string, number>();
    const offlineList = [...goingOffline];
    // Signed before the clock starts, so the bench's own work is not timed.
    const bodies = Array.from({ length: PUSHES }, (_, i) => {
      const off = i % every === every - 1 ? offlineList[Math.floor(i / every)] : undefined;
      const assetId = off ?? stayOnline[i % stayOnline.length]!;
      return {
        assetId,
        off: !!off,
        body: signedBody(server, statusMessage(assetId, { online: off ? 1 : 0 })),
      };
    });
    let next = 0;
    const started = performance.now();
    const result = await autocannon({
      url: `${server.url}/api/notify/status`,
      connections: CONNECTIONS,
      amount: PUSHES,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          setupRequest: (req) => {
            const b = bodies[next++ % bodies.length]!;
            if (b.off) sentAt.set(b.assetId, performance.now());
            return { ...req, body: b.body };
          },
        },
      ],
    });
    const seconds = (performance.now() - started) / 1000;
    const latencies: number[] = [];
    if (mode === 'notify') {
      const deadline = performance.now() + DELIVERY_WAIT_MS;
      while (performance.now() < deadline) {
        const arrived = [...arrivals.keys()].filter((k) => goingOffline.has(k.split('#')[0]!));
        if (arrived.length >= goingOffline.size) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      for (const [key, at] of arrivals) {
        const sent = sentAt.get(key.split('#')[0]!);
        if (sent !== undefined) latencies.push(at - sent);
      }
    }
    return {
      rate: PUSHES / seconds,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      latencies: latencies.sort((a, b) => a - b),
      expected: goingOffline.size,
      repeats,
    };
  } finally {
    await server.stop();
    fs.rmSync(file, { force: true });
    fs.rmSync(`${file}-wal`, { force: true });
    fs.rmSync(`${file}-shm`, { force: true });
  }
}

const MODES: Mode[] = ['off', 'evaluate', 'notify'];
const rows: Record<Mode, Burst>[] = [];
for (let i = 0; i < ROUNDS; i++) {
  // Each round in another order, so a machine warming up or slowing down weighs on all three.
  const order = i % 2 === 0 ? MODES : [...MODES].reverse();
  const row = {} as Record<Mode, Burst>;
  for (const m of order) row[m] = await burst(m);
  rows.push(row);
}
receiver.close();
fs.rmSync(dir, { recursive: true, force: true });

const f = (n: number) => n.toFixed(0).padStart(6);
console.log(
  `\n${PUSHES} signed status pushes, ${CONNECTIONS} connections, ${MACHINES} machines, ${(SHARE * 100).toFixed(1)} % start an alert; load ${loadavg()}`,
);
for (const [i, r] of rows.entries()) {
  const l = r.notify.latencies;
  console.log(
    `round ${i + 1}: off ${f(r.off.rate)} req/s   evaluating ${f(r.evaluate.rate)} req/s (ratio ${(r.evaluate.rate / r.off.rate).toFixed(2)})   ` +
      `evaluating and notifying ${f(r.notify.rate)} req/s (ratio ${(r.notify.rate / r.off.rate).toFixed(2)})   ` +
      `non-2xx ${r.off.non2xx + r.evaluate.non2xx + r.notify.non2xx}   errors ${r.off.errors + r.evaluate.errors + r.notify.errors}   ` +
      `delivered ${l.length}/${r.notify.expected}   delivery p50 ${f(pct(l, 50))} ms  p95 ${f(pct(l, 95))} ms  max ${f(l.at(-1) ?? 0)} ms`,
  );
}
const mean = (m: Mode) => rows.reduce((s, r) => s + r[m].rate, 0) / rows.length;
const all = rows.flatMap((r) => r.notify.latencies).sort((a, b) => a - b);
console.log(
  `mean: off ${f(mean('off'))} req/s; evaluating ${f(mean('evaluate'))} req/s, ratio ${(mean('evaluate') / mean('off')).toFixed(2)} (target ≥ 0.9); ` +
    `evaluating and notifying ${f(mean('notify'))} req/s, ratio ${(mean('notify') / mean('off')).toFixed(2)}; ` +
    `delivery p95 ${f(pct(all, 95))} ms (target ≤ 2000); repeated deliveries ${rows.reduce((s, r) => s + r.notify.repeats, 0)}`,
);
