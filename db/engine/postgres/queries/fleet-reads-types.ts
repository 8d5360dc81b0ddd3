import 'server-only';
// Compile-time proof that each PostgreSQL form returns what its SQLite twin returns (D106):
// `tsc` fails here when either side's result type drifts. Nothing here runs.
import type * as liteAlertRecords from '@/db/queries/alert-records';
import type * as liteAlerts from '@/db/queries/alerts';
import type * as liteList from '@/db/queries/machine-list';
import type * as liteOverview from '@/db/queries/overview';
import type * as liteSales from '@/db/queries/sales';
import type * as liteTemperatures from '@/db/queries/temperatures';
import type * as pgAlertRecords from './alert-records';
import type * as pgAlerts from './alerts';
import type * as pgList from './machine-list';
import type * as pgOverview from './overview';
import type * as pgSales from './sales';
import type * as pgTemperatures from './temperatures';

type Fn = (...args: never[]) => unknown;
type Result<F extends Fn> = Awaited<ReturnType<F>>;
/** Each side assignable to the other, parameters after the first alike. */
type Same<L extends Fn, P extends Fn> = [Result<L>] extends [Result<P>]
  ? [Result<P>] extends [Result<L>]
    ? Parameters<L> extends [unknown, ...infer A]
      ? Parameters<P> extends [unknown, ...infer B]
        ? [A] extends [B]
          ? [B] extends [A]
            ? true
            : 'parameters differ'
          : 'parameters differ'
        : never
      : never
    : 'PostgreSQL returns more'
  : 'PostgreSQL returns less';
type Check<M extends Record<K, Fn>, N extends Record<K, Fn>, K extends string> = {
  [k in K]: Same<M[k], N[k]>;
};
type All<T> = T[keyof T] extends true ? true : T;

export type Proofs = [
  All<
    Check<
      typeof liteSales,
      typeof pgSales,
      | 'rollupMeasures'
      | 'rawMeasures'
      | 'machinesInScope'
      | 'goodsNames'
      | 'soldGoods'
      | 'scopeOptions'
      | 'rollupTimeZone'
    >
  >,
  All<
    Check<
      typeof liteOverview,
      typeof pgOverview,
      | 'fleetCounts'
      | 'offlineMachines'
      | 'openDoors'
      | 'staleMachines'
      | 'openFaultRows'
      | 'soldOutByMachine'
      | 'clockAheadMachines'
      | 'machineRefs'
      | 'latestReadings'
    >
  >,
  All<Check<typeof liteList, typeof pgList, 'listMachines'>>,
  All<
    Check<
      typeof liteTemperatures,
      typeof pgTemperatures,
      'temperatureRange' | 'temperatureContainers' | 'containerReadingsBack'
    >
  >,
  All<
    Check<
      typeof liteAlerts,
      typeof pgAlerts,
      | 'listAlerts'
      | 'getAlert'
      | 'alertDetail'
      | 'alertState'
      | 'changeAlert'
      | 'activeUsers'
      | 'activeUser'
    >
  >,
  All<
    Check<
      typeof liteAlertRecords,
      typeof pgAlertRecords,
      | 'liveAlerts'
      | 'liveAlertByKey'
      | 'pendingConditions'
      | 'pendingByKey'
      | 'keepPending'
      | 'forgetPending'
      | 'insertAlert'
      | 'handResolved'
      | 'touchAlert'
      | 'touchAlerts'
      | 'resolveAlertByCondition'
      | 'addAlertEvent'
      | 'liveAlertsByKind'
      | 'liveAlertCounts'
    >
  >,
];
const proved: Proofs = [true, true, true, true, true, true];
export default proved;
