import 'server-only';
import type { IngestContext } from './context';
import type { StatusMessage } from '@/lib/ingest/push/schemas';
import { insertCoinReading } from '@/db/queries/reconcile';

/**
 * Keeps a machine's coin counts over time (§4.1 coin5Count, coin10Count), a row per change,
 * for the cash check of refill visits (docs/decisions.md D21). `before` is the stored status.
 */
export async function recordCoins(
  ctx: IngestContext,
  m: Pick<StatusMessage, 'assetId' | 'coin5Count' | 'coin10Count'>,
  before: { coin5Count: number | null; coin10Count: number | null } | undefined,
) {
  if (m.coin5Count === undefined && m.coin10Count === undefined) return;
  const coin5 = m.coin5Count ?? before?.coin5Count ?? null;
  const coin10 = m.coin10Count ?? before?.coin10Count ?? null;
  if (before && before.coin5Count === coin5 && before.coin10Count === coin10) return;
  await insertCoinReading(ctx.db, { assetId: m.assetId, at: ctx.receivedAt, coin5, coin10 });
}
