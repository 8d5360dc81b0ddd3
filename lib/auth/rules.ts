import type { Role } from '@/lib/auth/roles';

/**
 * The one table of who may do what, for every page and every route (docs/decisions.md D16).
 * The server's gate applies it to every request before Next.js sees it; route handlers and
 * pages check it again with the same function. A path no rule names is for admins only, and
 * the access test fails for any route file without a rule here.
 *
 *   public    no sign-in (the sign-in page and API, Next.js assets)
 *   platform  no sign-in: the signature or token in the message is its authentication
 *   signed-in any signed-in user or token
 *   [roles]   those roles only
 */
export type Access = 'public' | 'platform' | 'signed-in' | readonly Role[];
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Rule {
  /** Segments; `:name` matches one segment, a trailing `*` the rest. */
  path: string;
  methods: Partial<Record<Method, Access>>;
}

const ALL: readonly Role[] = ['admin', 'operations', 'planner', 'finance'];
/** Money figures: sales, trades, settlements. Planners plan from units and shelves, not cash. */
const FIGURES: readonly Role[] = ['admin', 'operations', 'finance'];
const FINANCE: readonly Role[] = ['admin', 'finance'];
const OPERATIONS: readonly Role[] = ['admin', 'operations'];
/** Route planning: building refill runs and their pick lists (units, never money). */
const PLANNING: readonly Role[] = ['admin', 'operations', 'planner'];
const ADMIN: readonly Role[] = ['admin'];

export const RULES: readonly Rule[] = [
  // Framework assets carry no data (and no secrets: see docs/decisions.md D16).
  { path: '/_next/*', methods: { GET: 'public' } },
  // The app's icon (app/icon.svg), which the sign-in page shows too.
  { path: '/icon.svg', methods: { GET: 'public' } },

  // Platform-facing endpoints authenticate each message by its signature. One rule per push:
  // a path no rule names has no route (the server answers 404 before Next.js, D63).
  { path: '/api/notify/device', methods: { POST: 'platform' } },
  { path: '/api/notify/trade', methods: { POST: 'platform' } },
  { path: '/api/notify/status', methods: { POST: 'platform' } },
  { path: '/api/notify/refill', methods: { POST: 'platform' } },
  { path: '/osapi/pickupcode/check', methods: { POST: 'platform' } },
  { path: '/osapi/pickupcode/use', methods: { POST: 'platform' } },
  // SAAS cabinet callbacks: the per-order token in the NotifyUrl is their authentication.
  { path: '/api/saas/callback/:orderId/:token', methods: { POST: 'platform' } },
  // The same without its token: refused by its own route (401, as a wrong token).
  { path: '/api/saas/callback/:orderId', methods: { POST: 'platform' } },

  // Probes and metrics, answered by server.ts before the gate (D90). /metrics checks its own
  // bearer token (METRICS_TOKEN), or that the client is local when no token is set.
  { path: '/healthz', methods: { GET: 'public' } },
  { path: '/readyz', methods: { GET: 'public' } },
  { path: '/metrics', methods: { GET: 'public' } },

  // Sign-in.
  { path: '/login', methods: { GET: 'public' } },
  { path: '/logout', methods: { GET: 'public' } },
  { path: '/api/auth/login', methods: { POST: 'public' } },
  { path: '/api/auth/logout', methods: { POST: 'public' } },
  { path: '/api/auth/me', methods: { GET: 'signed-in' } },

  // Pages.
  { path: '/', methods: { GET: ALL } },
  { path: '/machines', methods: { GET: ALL } },
  { path: '/machines/:assetId', methods: { GET: ALL } },
  { path: '/forbidden', methods: { GET: 'signed-in' } },
  { path: '/admin/users', methods: { GET: ADMIN } },
  { path: '/admin/tokens', methods: { GET: ADMIN } },
  { path: '/admin/settings', methods: { GET: ADMIN } },
  { path: '/admin/audit', methods: { GET: ADMIN } },
  { path: '/inbox', methods: { GET: ADMIN } },
  { path: '/pickup-codes', methods: { GET: OPERATIONS } },
  { path: '/lines', methods: { GET: ALL } },
  { path: '/lines/:id', methods: { GET: ALL } },
  { path: '/sites', methods: { GET: ALL } },
  { path: '/pick-lists', methods: { GET: PLANNING } },
  { path: '/sales', methods: { GET: FIGURES } },
  { path: '/trades', methods: { GET: FIGURES } },
  { path: '/refills', methods: { GET: FINANCE } },
  { path: '/refills/:id', methods: { GET: FINANCE } },
  { path: '/cabinets', methods: { GET: ALL } },
  { path: '/cabinet-orders', methods: { GET: FIGURES } },
  { path: '/cabinet-orders/:orderId', methods: { GET: FIGURES } },
  { path: '/cabinet-review', methods: { GET: OPERATIONS } },
  { path: '/sync', methods: { GET: FIGURES } },
  { path: '/alerts', methods: { GET: ALL } },
  { path: '/alerts/:id', methods: { GET: ALL } },
  { path: '/reports/food-safety', methods: { GET: OPERATIONS } },
  { path: '/admin/notifications', methods: { GET: ADMIN } },
  { path: '/admin/reports', methods: { GET: ADMIN } },

  // Fleet: everyone reads it (the overview leaves money out for roles that may not see it).
  { path: '/api/v1/overview', methods: { GET: ALL } },
  { path: '/api/v1/machines', methods: { GET: ALL } },
  { path: '/api/v1/machines/:assetId', methods: { GET: ALL } },
  { path: '/api/v1/machines/:assetId/temperatures', methods: { GET: ALL } },
  { path: '/api/v1/lines', methods: { GET: ALL } },
  { path: '/api/v1/lines/:id', methods: { GET: ALL } },
  { path: '/api/v1/sites', methods: { GET: ALL } },

  // Route planning: refill runs and what the van loads, in units.
  { path: '/api/v1/pick-lists', methods: { GET: PLANNING, POST: PLANNING } },
  { path: '/api/v1/pick-lists/export', methods: { GET: PLANNING } },
  { path: '/api/v1/runs', methods: { GET: PLANNING, POST: PLANNING } },
  { path: '/api/v1/runs/:id', methods: { GET: PLANNING } },

  // Money.
  { path: '/api/v1/trades', methods: { GET: FIGURES } },
  { path: '/api/v1/stats/sales', methods: { GET: FIGURES } },
  { path: '/api/v1/stats/sales/report', methods: { GET: FIGURES } },
  { path: '/api/v1/refills', methods: { GET: FINANCE } },
  { path: '/api/v1/refills/:id', methods: { GET: FINANCE } },
  // Finance signs off each visit it has looked at.
  { path: '/api/v1/refills/:id/review', methods: { POST: FINANCE } },

  // Pulls from the platform and reconciliation of its figures with ours (money: FIGURES).
  { path: '/api/v1/sync', methods: { GET: FIGURES, POST: FIGURES } },
  { path: '/api/v1/sync/:runId', methods: { GET: FIGURES } },
  { path: '/api/v1/reconcile', methods: { GET: FIGURES } },
  { path: '/api/v1/reconcile/checks', methods: { GET: FIGURES } },

  // Pickup codes: operations issue them for the online shop.
  { path: '/api/v1/pickup-codes', methods: { GET: OPERATIONS, POST: OPERATIONS } },
  { path: '/api/v1/pickup-codes/export', methods: { GET: OPERATIONS } },
  { path: '/api/v1/pickup-codes/throttled', methods: { GET: OPERATIONS } },
  { path: '/api/v1/pickup-codes/:code/revoke', methods: { POST: OPERATIONS } },
  // §10: codes the platform issues (and checks itself).
  { path: '/api/v1/pickup-codes/platform', methods: { POST: OPERATIONS } },

  // AI cabinets (SAAS): everyone sees the cabinets; operations open doors and resolve orders;
  // finance reads orders and their amounts.
  { path: '/api/v1/cabinets', methods: { GET: ALL, POST: OPERATIONS } },
  { path: '/api/v1/cabinets/:machineId', methods: { GET: ALL } },
  { path: '/api/v1/cabinets/:machineId/sync', methods: { POST: OPERATIONS } },
  { path: '/api/v1/cabinet-orders', methods: { GET: FIGURES, POST: OPERATIONS } },
  { path: '/api/v1/cabinet-orders/:orderId', methods: { GET: FIGURES } },
  { path: '/api/v1/cabinet-orders/:orderId/payment', methods: { POST: OPERATIONS } },
  { path: '/api/v1/cabinet-orders/:orderId/settle', methods: { POST: OPERATIONS } },
  { path: '/api/v1/cabinet-orders/:orderId/cancel', methods: { POST: OPERATIONS } },
  { path: '/api/v1/cabinet-orders/:orderId/refund', methods: { POST: OPERATIONS } },
  { path: '/api/v1/cabinet-orders/:orderId/restock-confirm', methods: { POST: OPERATIONS } },

  // Alerts (issue 19): everyone sees them; operations act on them.
  { path: '/api/v1/alerts', methods: { GET: ALL } },
  // Before '/api/v1/alerts/:id' (the first match wins): who an alert can be assigned to.
  { path: '/api/v1/alerts/assignees', methods: { GET: OPERATIONS } },
  { path: '/api/v1/alerts/:id', methods: { GET: ALL } },
  { path: '/api/v1/alerts/:id/ack', methods: { POST: OPERATIONS } },
  { path: '/api/v1/alerts/:id/resolve', methods: { POST: OPERATIONS } },
  { path: '/api/v1/alerts/:id/snooze', methods: { POST: OPERATIONS } },
  { path: '/api/v1/alerts/:id/assign', methods: { POST: OPERATIONS } },
  { path: '/api/v1/reports/food-safety', methods: { GET: OPERATIONS } },
  { path: '/api/v1/forecast', methods: { GET: PLANNING } },
  { path: '/api/v1/forecast/refit', methods: { POST: PLANNING } },

  // Administration.
  { path: '/api/v1/inbox', methods: { GET: ADMIN } },
  { path: '/api/v1/inbox/:id', methods: { GET: ADMIN } },
  { path: '/api/v1/inbox/:id/replay', methods: { POST: ADMIN } },
  { path: '/api/v1/users', methods: { GET: ADMIN, POST: ADMIN } },
  { path: '/api/v1/users/:id', methods: { PATCH: ADMIN } },
  { path: '/api/v1/tokens', methods: { GET: ADMIN, POST: ADMIN } },
  { path: '/api/v1/tokens/:id', methods: { DELETE: ADMIN } },
  { path: '/api/v1/settings/thresholds', methods: { GET: ADMIN, PUT: ADMIN } },
  { path: '/api/v1/settings/map-tiles', methods: { GET: ADMIN, PUT: ADMIN } },
  { path: '/api/v1/settings/credentials', methods: { GET: ADMIN, POST: ADMIN } },
  { path: '/api/v1/settings/credentials/:id', methods: { DELETE: ADMIN, PATCH: ADMIN } },
  { path: '/api/v1/settings/credentials/:id/test', methods: { POST: ADMIN } },
  { path: '/api/v1/settings/clients', methods: { GET: ADMIN } },
  { path: '/api/v1/settings/clients/:clientId', methods: { PUT: ADMIN } },
  { path: '/api/v1/audit', methods: { GET: ADMIN } },
  { path: '/api/v1/notification-channels', methods: { GET: ADMIN, POST: ADMIN } },
  { path: '/api/v1/notification-channels/:id', methods: { DELETE: ADMIN } },
  { path: '/api/v1/notification-channels/:id/test', methods: { POST: ADMIN } },
  { path: '/api/v1/notification-rules', methods: { GET: ADMIN, POST: ADMIN } },
  { path: '/api/v1/notification-rules/:id', methods: { DELETE: ADMIN } },
  { path: '/api/v1/notification-deliveries', methods: { GET: ADMIN } },
  { path: '/api/v1/report-schedules', methods: { GET: ADMIN, POST: ADMIN } },
  { path: '/api/v1/report-schedules/:id', methods: { DELETE: ADMIN } },
  { path: '/api/v1/backups', methods: { GET: ADMIN } },
];

const FALLBACK: Rule = {
  path: '*',
  methods: { GET: ADMIN, POST: ADMIN, PUT: ADMIN, PATCH: ADMIN, DELETE: ADMIN },
};

/** Each rule's path split once: the table is read on every request (twice, by the gate). */
const COMPILED = RULES.map((rule) => ({ rule, want: rule.path.split('/') }));

function matches(want: readonly string[], got: readonly string[]): boolean {
  for (let i = 0; i < want.length; i++) {
    if (want[i] === '*') return true;
    if (got[i] === undefined) return false;
    if (want[i]!.startsWith(':') ? got[i] === '' : want[i] !== got[i]) return false;
  }
  return want.length === got.length;
}

/** The app's own paths repeat; anyone's can be anything: the memo is bounded. */
const memo = new Map<string, Rule>();
const MEMO_SIZE = 2048;

export function ruleFor(path: string): Rule {
  const known = memo.get(path);
  if (known) return known;
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const got = clean.split('/');
  const rule = COMPILED.find((c) => matches(c.want, got))?.rule ?? FALLBACK;
  if (memo.size >= MEMO_SIZE) memo.clear();
  memo.set(path, rule);
  return rule;
}

export interface Subject {
  role: Role;
}

export type Decision =
  | { allow: true; access: Access }
  | { allow: false; reason: 'unauthenticated' | 'forbidden' | 'method' };

export function authorize(method: string, path: string, who: Subject | null): Decision {
  const m = (method === 'HEAD' ? 'GET' : method) as Method;
  const access = ruleFor(path).methods[m];
  if (!access) return { allow: false, reason: 'method' };
  if (access === 'public' || access === 'platform') return { allow: true, access };
  if (!who) return { allow: false, reason: 'unauthenticated' };
  if (access === 'signed-in' || access.includes(who.role)) return { allow: true, access };
  return { allow: false, reason: 'forbidden' };
}

/** Whether a role may open a page: the navigation shows only these. */
export function canView(role: Role, path: string): boolean {
  return authorize('GET', path, { role }).allow;
}

/**
 * Whether a role may see money figures (sales, trades, settlements): the same rows that guard
 * the sales statistics decide what the overview and other mixed pages leave out.
 */
export function maySeeMoney(role: Role): boolean {
  return authorize('GET', '/api/v1/stats/sales', { role }).allow;
}

/** API and platform paths answer in JSON; everything else is a page. */
export function isApiPath(path: string): boolean {
  return path.startsWith('/api/') || path.startsWith('/osapi/');
}
