import { spawn, execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { signBody } from '@/lib/signing';
import { newNonce } from '@/lib/nonce';
import { deviceMessage, statusMessage, tradeMessage } from '@/e2e/support/messages';

/**
 * `npm run demo`, first version: builds once, applies migrations, starts the production server
 * and, on an empty database, sends a few signed sample pushes through the real receivers. The
 * platform twin (simulator/) will replace the samples with a living fleet.
 */
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
};

if (!fs.existsSync(path.join(process.cwd(), '.next', 'BUILD_ID'))) {
  console.log('first run: building the app (about a minute)…');
  execSync('npx next build', { stdio: 'inherit', env });
}
const firstRun = !fs.existsSync(env.DATABASE_URL);

const server = spawn(path.join('node_modules', '.bin', 'tsx'), ['server.ts'], {
  env,
  stdio: ['ignore', 'pipe', 'inherit'],
});
server.stdout.pipe(process.stdout);
server.stdout.on('data', (chunk: Buffer) => {
  const m = /ready on (http:\/\/\S+)/.exec(chunk.toString());
  if (m) void ready(m[1]!);
});
server.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));

async function ready(url: string) {
  if (firstRun) await sendSamples(url);
  console.log(`
  dashboard        ${url}
  push receivers   ${url}/api/notify/device | trade | status | refill
  clientId / key   ${env.SMARTVENDING_CLIENT_ID} / ${env.SMARTVENDING_KEY}${process.env.SMARTVENDING_KEY ? '' : '  (demo values: set SMARTVENDING_CLIENT_ID and SMARTVENDING_KEY)'}
  database         ${env.DATABASE_URL}
  Ctrl-C stops.`);
}

async function sendSamples(url: string) {
  const samples: [string, Record<string, unknown>][] = [
    ['device', deviceMessage('91000092', { name: '启明国际大厦 1 号机' })],
    [
      'device',
      deviceMessage('91000093', {
        name: '望京 SOHO 2 号机',
        siteName: '望京 SOHO',
        lineName: '地铁 15 号线',
      }),
    ],
    ['status', statusMessage('91000092', { online: 0, vmcOnline: 1, doorState: 1, isSale: 1 })],
    [
      'status',
      statusMessage('91000093', {
        online: 1,
        shelvesState: [{ cid: '91000093', shelvesId: '1', state: 1 }],
      }),
    ],
    [
      'trade',
      tradeMessage(`demo-${Date.now()}`, '91000092', {
        payTime: String(Math.floor(Date.now() / 1000)),
      }),
    ],
  ];
  for (const [kind, payload] of samples) {
    const body = signBody(
      { clientId: env.SMARTVENDING_CLIENT_ID, nonce_str: newNonce(), ...payload },
      env.SMARTVENDING_KEY,
      env.SMARTVENDING_SIGN_MODE === 'bare' ? 'bare' : 'ampersand',
    );
    await fetch(`${url}/api/notify/${kind}`, { method: 'POST', body });
  }
  console.log('sent sample pushes for two machines');
}
