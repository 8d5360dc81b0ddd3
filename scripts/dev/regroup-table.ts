// The table the regroup codemod (scripts/dev/regroup.ts) applies, D98. A FILES row moves one
// file and the `.test.ts` beside it; a FOLDERS row moves a whole folder, files added later
// included. Every lib/ file must be moved by a row or lie under STAYS, else the codemod stops.

/** Whole folders that move as they are. */
export const FOLDERS: readonly (readonly [string, string])[] = [
  ['lib/smartvending/', 'lib/platforms/smartvending/'],
  ['lib/saas/', 'lib/platforms/saas/'],
  ['lib/notify/', 'lib/ingest/push/'],
  ['lib/map/', 'lib/fleet/map/'],
  ['lib/trades/', 'lib/sales/trades/'],
  ['lib/backups/', 'lib/admin/backups/'],
];

/** One file each (and the test beside it). Rows win over a FOLDERS row for the same file. */
export const FILES: readonly (readonly [string, string])[] = [
  // edge: one of each helper a request, a response or a form input needs
  ['lib/api/errors.ts', 'lib/edge/errors.ts'],
  ['lib/api/params.ts', 'lib/edge/params.ts'],
  ['lib/api/request.ts', 'lib/edge/request.ts'],
  ['lib/api/auth.ts', 'lib/edge/caller.ts'],
  ['lib/csv.ts', 'lib/edge/csv.ts'],
  ['lib/date-input.ts', 'lib/edge/date-input.ts'],
  ['lib/fetch-json.ts', 'lib/edge/fetch-json.ts'],
  ['lib/safe-next.ts', 'lib/edge/safe-next.ts'],
  // platforms: what both upstreams and our receivers share
  ['lib/signing.ts', 'lib/platforms/signing.ts'],
  ['lib/sign-forms.ts', 'lib/platforms/sign-forms.ts'],
  ['lib/nonce.ts', 'lib/platforms/nonce.ts'],
  // ingest: a machine's clock is believed (or not) when its message is projected
  ['lib/domain/clock.ts', 'lib/ingest/machine-clock.ts'],
  // fleet: machines, the list, the overview, temperatures, the map, stock and flag rules
  ['lib/fleet.ts', 'lib/fleet/machines.ts'],
  ['lib/fleet-sort.ts', 'lib/fleet/sort.ts'],
  ['lib/machine-filter.ts', 'lib/fleet/filter.ts'],
  ['lib/machines-query.ts', 'lib/fleet/queries.ts'],
  ['lib/machine-query.ts', 'lib/fleet/machine-queries.ts'],
  ['lib/overview.ts', 'lib/fleet/overview.ts'],
  ['lib/overview-query.ts', 'lib/fleet/overview-queries.ts'],
  ['lib/temperatures.ts', 'lib/fleet/temperatures.ts'],
  ['lib/earliest-sold-out.test.ts', 'lib/fleet/earliest-sold-out.test.ts'],
  ['lib/api/machine-list.ts', 'lib/fleet/machine-list.ts'],
  ['lib/api/fast-read.ts', 'lib/fleet/fast-read.ts'],
  ['lib/api/views.ts', 'lib/fleet/views.ts'],
  ['lib/domain/estimated-stock.ts', 'lib/fleet/estimated-stock.ts'],
  ['lib/domain/flags.ts', 'lib/fleet/flags.ts'],
  ['lib/domain/sold-out-in.ts', 'lib/fleet/sold-out-in.ts'],
  ['lib/domain/temperature.ts', 'lib/fleet/temperature.ts'],
  ['lib/domain/temperature-band.ts', 'lib/fleet/temperature-band.ts'],
  ['lib/domain/timeline.ts', 'lib/fleet/timeline.ts'],
  ['lib/map/tiles-query.ts', 'lib/fleet/map/queries.ts'],
  // sales: reports, statistics, trades, pay styles and periods
  ['lib/sales-query.ts', 'lib/sales/queries.ts'],
  ['lib/stats.ts', 'lib/sales/stats.ts'],
  ['lib/domain/paystyles.ts', 'lib/sales/paystyles.ts'],
  ['lib/domain/periods.ts', 'lib/sales/periods.ts'],
  ['lib/trades/query.ts', 'lib/sales/trades/queries.ts'],
  // refills
  ['lib/refills-query.ts', 'lib/refills/queries.ts'],
  ['lib/refills.ts', 'lib/refills/view.ts'],
  // planning (org-query.ts was folded into planning-query.ts: one key per endpoint)
  ['lib/planning-query.ts', 'lib/planning/queries.ts'],
  ['lib/domain/pick-list.ts', 'lib/planning/pick-list.ts'],
  ['lib/domain/refill-priority.ts', 'lib/planning/refill-priority.ts'],
  ['lib/domain/route-order.ts', 'lib/planning/route-order.ts'],
  // pickup, cabinets, sync: their client options beside their reads
  ['lib/pickup-query.ts', 'lib/pickup/queries.ts'],
  ['lib/cabinets-query.ts', 'lib/cabinets/queries.ts'],
  ['lib/cabinets/query.ts', 'lib/cabinets/read.ts'],
  ['lib/sync-query.ts', 'lib/sync/queries.ts'],
  // notifications
  ['lib/notifications/channels/query.ts', 'lib/notifications/channels/queries.ts'],
  // settings: the platform credentials it stores
  ['lib/credentials.ts', 'lib/settings/credentials.ts'],
  // admin: users and tokens, audit, inbox, backups
  ['lib/admin-queries.ts', 'lib/admin/queries.ts'],
  ['lib/audit.ts', 'lib/admin/audit.ts'],
  ['lib/inbox-query.ts', 'lib/admin/inbox-queries.ts'],
  ['lib/backups/query.ts', 'lib/admin/backups/queries.ts'],
];

/** What stays where it is: feature and infrastructure folders, and the few loose files. */
export const STAYS: readonly string[] = [
  // features
  'lib/admin/',
  'lib/alerts/',
  'lib/auth/',
  'lib/cabinets/',
  'lib/fleet/',
  'lib/forecast/',
  'lib/notifications/',
  'lib/pickup/',
  'lib/planning/',
  'lib/refills/',
  'lib/reports/',
  'lib/sales/',
  'lib/settings/',
  'lib/sync/',
  // the way in and out
  'lib/edge/',
  'lib/ingest/',
  'lib/platforms/',
  // infrastructure every feature uses
  'lib/i18n/',
  'lib/ops/',
  'lib/reads/',
  // loose, each used across every feature
  'lib/config.ts',
  // the app's connection: db/ opened with what the config says (D97)
  'lib/db.ts',
  'lib/money.ts',
  'lib/money.test.ts',
  'lib/nav.ts',
  'lib/query-client.ts',
  'lib/query-client.test.ts',
];
