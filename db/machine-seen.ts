import 'server-only';
import type { Db } from './client';
import { prepared } from './prepared';
import { perClient } from './statements';
import { writeBehind } from './write-behind';

/**
 * "We heard from this machine at t": every projected message says it, so a bulk load or a
 * batch of pushes says it once per trade. Outside a buffered scope each touch is one upsert
 * (a placeholder machine when it is new, else last_seen_at moved forward). Inside one, the
 * first touch of a machine in the scope runs that upsert, so the machine exists for what
 * follows, and later touches only keep the latest time in memory, written once when the
 * outermost scope ends (an 8 µs upsert per trade was a tenth of the bulk load; D14). Nothing
 * reads last_seen_at while projecting. A nested scope is a savepoint's: its times join the
 * enclosing scope when it returns and are dropped when it throws, as its writes are.
 */
interface Frame {
  /** Machines whose upsert ran in this scope. */
  ensured: Set<string>;
  /** The latest time heard per machine, not written yet. */
  latest: Map<string, number>;
}

interface Seen {
  touch: (assetId: string, clientId: string, at: number) => void;
  buffered: <T>(fn: () => T) => T;
}

export const machineSeen: (db: Db) => Seen = perClient((db) => {
  const upsert = prepared(db).touchMachine;
  const moveForward = db.$client.prepare(
    `update machines set last_seen_at = ?
     where asset_id = ? and coalesce(last_seen_at, 0) < ?`,
  );
  const keepLatest = (latest: Map<string, number>, assetId: string, at: number) => {
    const had = latest.get(assetId);
    if (had === undefined || had < at) latest.set(assetId, at);
  };
  const scopes = writeBehind<Frame>(
    () => ({ ensured: new Set(), latest: new Map() }),
    (frame, parent) => {
      for (const id of frame.ensured) parent.ensured.add(id);
      for (const [id, at] of frame.latest) keepLatest(parent.latest, id, at);
    },
    (frame) => {
      for (const [id, at] of frame.latest) moveForward.run(at, id, at);
    },
  );
  return {
    touch: (assetId, clientId, at) => {
      const top = scopes.top();
      if (top && scopes.frames.some((f) => f.ensured.has(assetId)))
        keepLatest(top.latest, assetId, at);
      else {
        upsert.run({ assetId, clientId, at });
        top?.ensured.add(assetId);
      }
    },
    buffered: scopes.scope,
  };
});
