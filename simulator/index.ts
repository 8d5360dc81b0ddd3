import { parseArgs } from 'node:util';
import { SIGN_MODES, type SignMode } from '@/lib/platforms/signing';
import { DEMO_SAAS, startTwin } from './server';

/**
 * `npm run sim -- --seed 7 --machines 60 --lines 4 --app-url http://127.0.0.1:3000`
 * Runs the platform twin until Ctrl-C.
 */
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    machines: { type: 'string', default: '60' },
    lines: { type: 'string' },
    speed: { type: 'string', default: '60' },
    start: { type: 'string' },
    /** Run ×speed only until the wall clock is reached (the app believes no time ahead, D71). */
    'not-after-now': { type: 'boolean', default: false },
    'history-days': { type: 'string', default: '0' },
    port: { type: 'string', default: '0' },
    'app-url': { type: 'string' },
    'client-id': { type: 'string', default: process.env.SMARTVENDING_CLIENT_ID ?? 'demo-client' },
    key: { type: 'string', default: process.env.SMARTVENDING_KEY ?? 'demo-key-change-me' },
    /** Default: amp-upper, or bare-lower with --vendor-quirks (TwinOptions.signMode). */
    'sign-mode': { type: 'string', default: process.env.SMARTVENDING_SIGN_MODE },
    cabinets: { type: 'string', default: '6' },
    'saas-app-id': { type: 'string', default: process.env.SAAS_APP_ID ?? DEMO_SAAS.appId },
    'saas-key': { type: 'string', default: process.env.SAAS_KEY ?? DEMO_SAAS.key },
    'saas-secret': { type: 'string', default: process.env.SAAS_SECRET ?? DEMO_SAAS.secret },
    /** Messages shaped as the vendors' own code sends them (TwinOptions.vendorQuirks). */
    'vendor-quirks': { type: 'boolean', default: false },
  },
});

const int = (name: string, v: string | undefined) => {
  const n = Number(v);
  if (!Number.isFinite(n)) {
    console.error(`--${name} must be a number, not ${JSON.stringify(v)}`);
    process.exit(2);
  }
  return n;
};

const signMode = values['sign-mode'] as SignMode | undefined;
if (signMode !== undefined && !SIGN_MODES.includes(signMode)) {
  console.error(`--sign-mode must be one of ${SIGN_MODES.join(', ')}`);
  process.exit(2);
}

const running = await startTwin(
  {
    seed: int('seed', values.seed),
    machines: int('machines', values.machines),
    lines: values.lines ? int('lines', values.lines) : undefined,
    speed: int('speed', values.speed),
    start: values.start ? int('start', values.start) : undefined,
    notAfterRealTime: values['not-after-now'],
    historyDays: int('history-days', values['history-days']),
    appUrl: values['app-url'],
    clientId: values['client-id']!,
    key: values.key!,
    signMode,
    vendorQuirks: values['vendor-quirks'],
    saas: {
      appId: values['saas-app-id']!,
      key: values['saas-key']!,
      secret: values['saas-secret']!,
      cabinets: int('cabinets', values.cabinets),
    },
  },
  int('port', values.port),
);
console.log(
  `twin ready on ${running.url} (${running.twin.fleet.machines.length} machines, ${running.saas.cabinets().length} cabinets, speed ×${values.speed})`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void running.close().then(() => process.exit(0)));
}
