import 'server-only';
import type { Db } from '@/db/client';
import { storedDoorOpen } from '@/db/queries/client-settings';
import { getConfig } from '@/lib/config';

/** The `doorState` value that means open: seed 000 says 0; the vendor's own code uses 1. */
export type DoorOpen = 0 | 1;

/**
 * What `doorState` means for a client's platform (D70): its setting in Settings, else, for the
 * environment's client, SMARTVENDING_DOOR_OPEN, else the seed's 0.
 */
export async function doorOpenFor(
  db: Db,
  clientId: string,
): Promise<{ doorOpen: DoorOpen; source: DoorSource }> {
  const stored = await storedDoorOpen(db, clientId);
  if (stored !== undefined) return { doorOpen: stored, source: 'settings' };
  const c = getConfig();
  if (clientId === c.SMARTVENDING_CLIENT_ID)
    return { doorOpen: c.SMARTVENDING_DOOR_OPEN, source: 'environment' };
  return { doorOpen: 0, source: 'default' };
}
export type DoorSource = 'settings' | 'environment' | 'default';

/** A platform's `doorState` in our own terms, 0 = open; −1 (unknown) stays as it is. */
export function ourDoorState(value: number, doorOpen: DoorOpen): number {
  if (doorOpen === 0 || (value !== 0 && value !== 1)) return value;
  return value === 1 ? 0 : 1;
}

/**
 * A status as its platform sent it (pushed §4.1 or pulled §6.1), with `doorState` read in our
 * terms: everything after this point (events, the overview's door alerts, the machine page and
 * list) keeps 0 = open. Called once per status, at the edge, before its projection; a message
 * without `doorState` is returned as it is without a look-up.
 */
export async function withDoorMeaning<M extends { assetId: string; doorState?: number }>(
  db: Db,
  clientId: string,
  m: M,
): Promise<M> {
  if (m.doorState === undefined) return m;
  const { doorOpen } = await doorOpenFor(db, clientId);
  // ourDoorState maps 0, 1 and −1 onto themselves: the message keeps its type.
  return doorOpen === 0 ? m : ({ ...m, doorState: ourDoorState(m.doorState, doorOpen) } as M);
}
