import 'server-only';
import { z } from 'zod';
import type { Db } from '@/db/client';
import type { SyncParams } from '@/db/queries/sync';
import { SYNC_JOBS, type SyncJob } from '@/db/schema';
import { getConfig } from '@/lib/config';
import { yesterday } from './window';

const epoch = z.number().int().min(0).max(4_102_444_800);

/** `POST /api/v1/sync`: a job and, for windowed jobs, its window and machine. */
export const syncRequestSchema = z
  .object({
    job: z.enum(SYNC_JOBS),
    since: epoch.optional(),
    until: epoch.optional(),
    assetId: z.string().trim().min(1).max(64).optional(),
  })
  .strict()
  .refine((r) => r.since === undefined || r.until === undefined || r.since <= r.until, {
    message: 'since must not be after until',
    path: ['since'],
  });

/** The window a run covers when none was given (fixed at creation, so a resume keeps it). */
export function withDefaults(job: SyncJob, p: SyncParams, nowSec: number): SyncParams {
  switch (job) {
    case 'trades': {
      const until = p.until ?? nowSec;
      return { ...p, since: p.since ?? until - 86_400, until };
    }
    case 'refills': {
      const until = p.until ?? nowSec;
      return { ...p, since: p.since ?? until - 7 * 86_400, until };
    }
    case 'reconcile': {
      if (p.since !== undefined && p.until !== undefined) return p;
      const y = yesterday(nowSec, getConfig().FLEET_TIME_ZONE);
      return { ...p, since: p.since ?? y.since, until: p.until ?? y.until };
    }
    default:
      return p.assetId && (job === 'status' || job === 'sales') ? { assetId: p.assetId } : {};
  }
}

export type { Db };
