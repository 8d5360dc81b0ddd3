import { fitMachine, poolSites, type MachineDemand, type ShelfDemand } from '@/lib/forecast/fit';
import type { FleetView } from './fleet-view';

export interface FleetDemand {
  machines: Map<string, { demand: MachineDemand; shelves: Map<string, ShelfDemand> }>;
  /** The fleet's profile, for the next fit's prior (as the app's fit job keeps it). */
  fleetShape: number[];
}

/**
 * Fits every machine over [from, to) and pools shelves with little history, as the app's fit
 * job does. Without a previous fleet shape the fleet is fitted twice: once to learn the shape.
 */
export function fitFleet(
  view: FleetView,
  from: number,
  to: number,
  fleetShape?: readonly number[],
): FleetDemand {
  if (!fleetShape) fleetShape = fitFleet(view, from, to, new Array(168).fill(1)).fleetShape;
  const fitted = view.machines.map((mv) => ({
    assetId: mv.m.assetId,
    site: mv.m.siteId,
    demand: fitMachine(view.history(mv, from, to), { fleetShape }),
  }));
  const shape = poolSites(fitted);
  return {
    machines: new Map(
      fitted.map((f) => [
        f.assetId,
        { demand: f.demand, shelves: new Map(f.demand.shelves.map((s) => [s.shelf, s])) },
      ]),
    ),
    fleetShape: shape,
  };
}
