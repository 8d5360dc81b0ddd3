import 'server-only';
import type { Db } from '@/db/client';
import { alertById, alertsByIds, deliveriesByIds, type DeliveryRow } from '@/db/queries/deliveries';
import { machinePlace } from '@/db/queries/notification-rules';
import { getConfig } from '@/lib/config';
import type { AlertNotice, Notice } from './notice';
import { mapSeries } from '@/lib/ops/series';

type AlertRow = NonNullable<Awaited<ReturnType<typeof alertById>>>;

/** An alert as a channel is told of it: as it stands now, with its machine's names and its page. */
export async function alertNotice(db: Db, a: AlertRow): Promise<AlertNotice> {
  const place = a.assetId ? await machinePlace(db, a.assetId) : undefined;
  return {
    id: a.id,
    kind: a.kind,
    assetId: a.assetId,
    machineName: place?.name ?? null,
    siteName: place?.siteName ?? null,
    lineName: place?.lineName ?? null,
    state: a.state,
    startedAt: a.startedAt,
    resolvedAt: a.resolvedAt,
    details: JSON.parse(a.details) as Record<string, unknown>,
    url: `${(getConfig().APP_URL ?? '').replace(/\/$/, '')}/alerts/${a.id}`,
  };
}

/** A digest's members (held deliveries), from its payload. */
export function digestMembers(d: DeliveryRow): number[] {
  const p = d.payload ? (JSON.parse(d.payload) as { members?: number[] }) : {};
  return p.members ?? [];
}

/** What to send for a queued delivery; null when its alert (or report) is gone. */
export async function noticeOf(db: Db, d: DeliveryRow): Promise<Notice | null> {
  if (d.transition === 'digest') {
    const members = await deliveriesByIds(db, digestMembers(d));
    const ids = [...new Set(members.map((m) => m.alertId).filter((id): id is number => !!id))];
    const alerts = (await alertsByIds(db, ids)).sort((a, b) => a.startedAt - b.startedAt);
    return {
      event: 'digest',
      language: d.language,
      alerts: await mapSeries(alerts, async (a) => await alertNotice(db, a)),
    };
  }
  // A scheduled report carries its whole notice, built when it was queued (lib/reports).
  if (d.transition === 'report') return d.payload ? (JSON.parse(d.payload) as Notice) : null;
  if (!d.alertId) return null;
  const alert = await alertById(db, d.alertId);
  if (!alert) return null;
  const event = `alert.${d.transition}` as Notice['event'];
  return { event, language: d.language, alert: await alertNotice(db, alert) };
}
