import 'server-only';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';

/**
 * This process among the app's processes on one database (D101): `host/pid/random`, the holder
 * it writes into the leases it takes for work in flight (a sync run). The host and pid let a
 * process on the same host tell at once that the holder is gone; any other waits for the TTL.
 * On globalThis: server.ts and Next's bundle load separate copies of lib/.
 */
const KEY = Symbol.for('vending.instance');

export function instanceId(): string {
  const holder = globalThis as { [KEY]?: string };
  return (holder[KEY] ??= `${os.hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`);
}

/** Whether a process is still running: a zombie (killed, not yet reaped) is not. */
function alive(pid: number) {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // Linux: "pid (name) S …"; Z is a zombie.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/**
 * True when `holder` (an instanceId) is certainly gone: it named this host and its pid is not
 * running. A holder on another host is never known gone here: its lease's expiry says it.
 */
export function holderGone(holder: string): boolean {
  const [host, pid] = holder.split('/');
  if (host !== os.hostname() || !pid || !/^\d+$/.test(pid)) return false;
  return Number(pid) !== process.pid && !alive(Number(pid));
}
