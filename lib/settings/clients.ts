import 'server-only';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import { saveClientSettings } from '@/db/queries/client-settings';
import { recentSignForms } from '@/db/queries/inbox';
import type { Caller } from '@/lib/edge/caller';
import { ApiError } from '@/lib/edge/errors';
import { audit } from '@/lib/admin/audit';
import { isStoredClient, smartVendingClients } from '@/lib/settings/credentials';
import { doorOpenFor, type DoorOpen, type DoorSource } from '@/lib/ingest/door';
import type { SignForm } from '@/lib/platforms/signing';
import { mapSeries } from '@/lib/ops/series';

/** How many of a client's latest verified messages tell the form its platform signs in. */
export const RECENT_SIGNED = 100;

export interface ReceivedSigning {
  /** The form of its latest verified message; null when none was recorded yet. */
  latest: SignForm | null;
  /** The forms of its last `recent` verified messages, most used first. */
  forms: { form: SignForm; canonical: boolean; count: number }[];
  recent: number;
  /** They were signed in more than one form: the platform does not agree with itself. */
  mixed: boolean;
  lastAt: number | null;
}

/** A Smart Vending client as Settings shows it (D70). */
export interface ClientView {
  clientId: string;
  /** Where its key comes from. */
  source: 'settings' | 'environment';
  /** The form we sign in when we call its platform. */
  sendForm: SignForm;
  /** The forms its platform's messages took. */
  received: ReceivedSigning;
  /** The `doorState` value its platform means as open, and where that comes from. */
  doorOpen: DoorOpen;
  doorOpenSource: DoorSource;
}

export async function receivedSigning(db: Db, clientId: string): Promise<ReceivedSigning> {
  const rows = await recentSignForms(db, { clientId, limit: RECENT_SIGNED });
  const counts = new Map<string, { form: SignForm; canonical: boolean; count: number }>();
  for (const r of rows) {
    const form = r.signForm!;
    const canonical = Boolean(r.signCanonical);
    const key = `${form}/${canonical}`;
    const seen = counts.get(key) ?? { form, canonical, count: 0 };
    seen.count++;
    counts.set(key, seen);
  }
  const forms = [...counts.values()].sort((a, b) => b.count - a.count);
  return {
    latest: rows[0]?.signForm ?? null,
    forms,
    recent: rows.length,
    mixed: new Set(forms.map((f) => f.form)).size > 1,
    lastAt: rows[0]?.receivedAt ?? null,
  };
}

/** Every Smart Vending client we hold a key for, with its signing and door meaning. */
export async function clientViews(db: Db): Promise<ClientView[]> {
  return await mapSeries(await smartVendingClients(db), async (c) => {
    const door = await doorOpenFor(db, c.clientId);
    return {
      clientId: c.clientId,
      source: (await isStoredClient(c.clientId, db)) ? 'settings' : 'environment',
      sendForm: c.signMode,
      received: await receivedSigning(db, c.clientId),
      doorOpen: door.doorOpen,
      doorOpenSource: door.source,
    };
  });
}

/**
 * Sets which `doorState` value means open for a client's platform. Audited; it applies to
 * messages read from now on (those already projected keep the meaning they were read with).
 */
export async function saveDoorOpen(db: Db, caller: Caller, clientId: string, doorOpen: DoorOpen) {
  if (!(await smartVendingClients(db)).some((c) => c.clientId === clientId))
    throw new ApiError('NOT_FOUND', `clientId ${JSON.stringify(clientId)} is not configured`);
  const at = Math.floor(Date.now() / 1000);
  await inTransaction(db, async () => {
    const before = await doorOpenFor(db, clientId);
    await saveClientSettings(db, {
      clientId,
      doorOpen,
      at,
      by: caller.principal?.label ?? 'system',
    });
    await audit(
      db,
      caller,
      {
        action: 'settings.client_door_open',
        targetKind: 'client',
        targetId: clientId,
        before: { doorOpen: before.doorOpen, source: before.source },
        after: { doorOpen },
      },
      at,
    );
  });
  return (await clientViews(db)).find((c) => c.clientId === clientId)!;
}
