import 'server-only';
import { markClockAhead, markClockRight } from '@/db/queries/clock';
import { noteMachineChanged } from '@/lib/alerts/changed';
import { clockReading } from '@/lib/ingest/machine-clock';
import type { IngestContext } from './context';

/**
 * What the times a message states say about its machine's clock (D71): the latest of them more
 * than CLOCK_AHEAD_S after the receipt flags the machine "clock ahead"; one within that of the
 * receipt clears the flag; an older one (a late message, history) says nothing.
 */
export async function observeClock(
  ctx: IngestContext,
  assetId: string,
  stated: readonly (number | null | undefined)[],
) {
  let latest: number | undefined;
  for (const s of stated) if (s != null && (latest === undefined || s > latest)) latest = s;
  const reading = clockReading(latest, ctx.receivedAt);
  if (reading === 'right') await markClockRight(ctx.db, { assetId });
  else if (reading) {
    await markClockAhead(ctx.db, { assetId, aheadBy: reading.ahead, at: ctx.receivedAt });
    noteMachineChanged(assetId); // its clockAhead alert, at the evaluator's next tick
  }
}
