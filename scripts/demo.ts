import { spawn, execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDb } from '@/lib/db';
import { DEMO_SAAS, startTwin } from '@/simulator/server';
import { DAY } from '@/simulator/time';
import { SIGN_MODES, type SignMode } from '@/lib/platforms/signing';
import { bulkLoad } from './bulk-load';

/**
 * `npm run demo`: builds once, writes 90 days of a 240-machine twin fleet's history into the
 * database (first run; later runs fill only the gap since the last one), starts the app in
 * production mode and the platform twin pushing to it. Ctrl-C stops both.
 */
const SEED = Number(process.env.DEMO_SEED ?? 1);
/**
 * 240 machines sell one to two units a minute in the day (60 sold one every three minutes), so
 * the overview visibly moves within a minute of watching it (issue 18 item 1, D81).
 */
const MACHINES = Number(process.env.DEMO_MACHINES ?? 240);
const LINES = 4;
const HISTORY_DAYS = 90;
const SPEED = Number(process.env.DEMO_SPEED ?? 60);
/**
 * The twin starts this far behind the wall clock and runs ×SPEED until it has caught up, then in
 * real time: the app does not believe a machine's time ahead of the moment it receives it (D71).
 */
const CATCH_UP_S = Number(process.env.DEMO_CATCH_UP_HOURS ?? 12) * 3600;
/** `npm run demo -- --vendor-quirks`: the twin sends as the vendors' own code does (issue 17). */
const VENDOR_QUIRKS = process.argv.includes('--vendor-quirks');

const env: NodeJS.ProcessEnv & {
  DATABASE_URL: string;
  SMARTVENDING_CLIENT_ID: string;
  SMARTVENDING_KEY: string;
} = {
  ...process.env,
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  DATABASE_URL: process.env.DATABASE_URL ?? './data/vending.db',
  PORT: process.env.PORT ?? '3000',
  SMARTVENDING_CLIENT_ID: process.env.SMARTVENDING_CLIENT_ID ?? 'demo-client',
  SMARTVENDING_KEY: process.env.SMARTVENDING_KEY ?? 'demo-key-change-me',
  // The vendor's code sends doorState 1 for open: with --vendor-quirks the twin does too, and
  // the demo client's setting says so (D70); a door meaning saved in Settings takes precedence.
  SMARTVENDING_DOOR_OPEN: process.env.SMARTVENDING_DOOR_OPEN ?? (VENDOR_QUIRKS ? '1' : '0'),
  ...demoSecrets(process.env.DATABASE_URL ?? './data/vending.db'),
};
const started = performance.now();

if (!fs.existsSync(path.join(process.cwd(), '.next', 'BUILD_ID'))) {
  console.log('first run: building the app (about a minute)…');
  execSync('npx next build', { stdio: 'inherit', env });
}

const now = Math.floor(Date.now() / 1000);
const twinStart = now - CATCH_UP_S;
const lastSeen = lastActivity(env.DATABASE_URL);
const days = lastSeen
  ? Math.min(HISTORY_DAYS, Math.ceil((twinStart - lastSeen) / DAY))
  : HISTORY_DAYS;
if (days > 0) {
  console.log(
    lastSeen
      ? `filling ${days} day(s) since the last run…`
      : `writing ${HISTORY_DAYS} days of history for ${MACHINES} machines…`,
  );
  const db = openDb(env.DATABASE_URL);
  const result = await bulkLoad(db, {
    seed: SEED,
    machines: MACHINES,
    lines: LINES,
    days,
    end: twinStart,
    statusFrom: lastSeen ?? 0,
    clientId: env.SMARTVENDING_CLIENT_ID,
    vendorQuirks: VENDOR_QUIRKS,
  });
  db.$client.close();
  console.log(`history: ${result.trades.toLocaleString('en')} trades`);
}

// The twin starts first (on a free port) so the app can be told where its platforms are; its
// first pushes are redelivered with backoff until the app is up, as the real platform's are.
const twin = await startTwin({
  seed: SEED,
  machines: MACHINES,
  lines: LINES,
  speed: SPEED,
  start: twinStart,
  notAfterRealTime: true,
  historyDays: HISTORY_DAYS,
  appUrl: `http://127.0.0.1:${env.PORT}`,
  clientId: env.SMARTVENDING_CLIENT_ID,
  key: env.SMARTVENDING_KEY,
  // The twin's own default (amp-upper; bare-lower with vendor quirks) unless one is set.
  signMode: SIGN_MODES.find((m: SignMode) => m === env.SMARTVENDING_SIGN_MODE),
  vendorQuirks: VENDOR_QUIRKS,
});
const hook = path.join('lib', 'ops', 'outside-next.mjs'); // as `npm start` runs it (D98)
const server = spawn(
  path.join('node_modules', '.bin', 'tsx'),
  ['--import', `./${hook}`, 'server.ts'],
  {
    env: {
      ...env,
      SMARTVENDING_BASE_URL: process.env.SMARTVENDING_BASE_URL ?? twin.url,
      SAAS_BASE_URL: process.env.SAAS_BASE_URL ?? twin.url,
      SAAS_APP_ID: process.env.SAAS_APP_ID ?? DEMO_SAAS.appId,
      SAAS_KEY: process.env.SAAS_KEY ?? DEMO_SAAS.key,
      SAAS_SECRET: process.env.SAAS_SECRET ?? DEMO_SAAS.secret,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
server.stdout.pipe(process.stdout);
server.stdout.on('data', (chunk: Buffer) => {
  const m = /ready on (http:\/\/\S+)/.exec(chunk.toString());
  if (m) {
    ready(m[1]!);
    void registerCabinets(m[1]!);
  }
});
server.on('exit', (code) => void twin.close().then(() => process.exit(code ?? 0)));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void twin.close().then(() => server.kill(signal));
  });
}

function ready(url: string) {
  console.log(`
  dashboard        ${url}   (ready in ${((performance.now() - started) / 1000).toFixed(1)} s)
  sign in as       ${env.ADMIN_EMAIL} / ${env.ADMIN_PASSWORD}${process.env.ADMIN_PASSWORD ? '' : '  (generated on the first run)'}
  push receivers   ${url}/api/notify/device | trade | status | refill
  platform twin    ${twin.url}   (${MACHINES} machines on ${LINES} lines, ×${SPEED} time until it reaches the wall clock; control: ${twin.url}/_sim/state)
  clientId / key   ${env.SMARTVENDING_CLIENT_ID} / ${env.SMARTVENDING_KEY}${process.env.SMARTVENDING_KEY ? '' : '  (demo values)'}${
    VENDOR_QUIRKS
      ? `
  vendor quirks    on: the twin signs bare + lowercase and sends doorState 1 for open (SMARTVENDING_DOOR_OPEN=${env.SMARTVENDING_DOOR_OPEN})`
      : ''
  }
  database         ${env.DATABASE_URL}
  Ctrl-C stops both.`);
}

/**
 * The SAAS twin's cabinets, added as an operator would (002 has no "list machines"), so the
 * cabinet pages have something to show; adding one again only polls it.
 */
async function registerCabinets(url: string) {
  try {
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }),
    });
    const cookie = /vf_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0];
    if (!cookie) return;
    for (const c of twin.saas.cabinets()) {
      await fetch(`${url}/api/v1/cabinets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url, cookie },
        body: JSON.stringify({ machineId: c.machineId }),
      });
    }
    console.log(
      `  AI cabinets      ${twin.saas.cabinets().length} from the SAAS twin: ${url}/cabinets`,
    );
  } catch (e) {
    console.error('demo: adding the SAAS cabinets failed:', e);
  }
}

/**
 * The demo's admin login and APP_SECRET: from the environment when set, otherwise generated on
 * the first run and kept beside the database, so a second run prints the same login.
 */
function demoSecrets(databaseUrl: string) {
  const file = path.join(path.dirname(path.resolve(databaseUrl)), 'demo-secrets.json');
  let saved: { adminEmail: string; adminPassword: string; appSecret: string } | undefined;
  if (fs.existsSync(file)) saved = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof saved;
  if (!saved) {
    saved = {
      adminEmail: 'admin@demo.local',
      adminPassword: randomBytes(9).toString('base64url'),
      appSecret: randomBytes(32).toString('base64url'),
    };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(saved, null, 2), { mode: 0o600 });
  }
  return {
    ADMIN_EMAIL: process.env.ADMIN_EMAIL ?? saved.adminEmail,
    ADMIN_PASSWORD: process.env.ADMIN_PASSWORD ?? saved.adminPassword,
    APP_SECRET: process.env.APP_SECRET ?? saved.appSecret,
  };
}

/** The last time the database heard from any machine, or undefined for a new database. */
function lastActivity(file: string): number | undefined {
  if (!fs.existsSync(file)) return undefined;
  const db = new Database(file, { readonly: true });
  try {
    const row = db.prepare('select max(last_seen_at) t from machines').get() as
      { t: number | null } | undefined;
    return row?.t ?? undefined;
  } catch {
    return undefined;
  } finally {
    db.close();
  }
}
