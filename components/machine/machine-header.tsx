'use client';

import type { ReactNode } from 'react';
import { useFormatter, useTranslations } from 'use-intl';
import type { MachineDetail } from '@/lib/fleet/machine-queries';
import { useDuration } from './use-duration';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="break-words">{children}</dd>
    </div>
  );
}

type Tone = 'good' | 'bad' | 'neutral';
const TONES: Record<Tone, string> = {
  good: 'border-emerald-300 bg-emerald-50 text-emerald-900',
  bad: 'border-red-300 bg-red-50 text-red-900',
  neutral: 'border-slate-300 bg-slate-50 text-slate-700',
};

function Badge({ tone, testId, children }: { tone: Tone; testId: string; children: ReactNode }) {
  return (
    <li data-testid={testId} className={`rounded border px-2 py-0.5 text-sm ${TONES[tone]}`}>
      {children}
    </li>
  );
}

/** Who the machine is, where, on what software, and what state it last reported. */
export function MachineHeader({ m, updatedAt }: { m: MachineDetail; updatedAt: number }) {
  const t = useTranslations('machine');
  const format = useFormatter();
  const duration = useDuration();
  const time = (s: number | null | undefined) =>
    s ? format.dateTime(new Date(s * 1000), 'dateTime') : '—';
  const state = (v: boolean | null, yes: string, no: string, unknown: string, good = true) => (
    <Badge tone={v === null ? 'neutral' : v === good ? 'good' : 'bad'} testId={`state-${yes}`}>
      {t(`state.${v === null ? unknown : v ? yes : no}`)}
    </Badge>
  );
  const s = m.status;
  const coord = (n: number) => format.number(n, { maximumFractionDigits: 6 });
  const vmcType = (type: string) =>
    type === '1' || type === '2' ? t(`header.vmcType${type}`) : type;

  return (
    <header className="space-y-3 rounded border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <h1 id="machine-heading" className="text-xl font-semibold">
            {m.name ?? m.assetId}
          </h1>
          <p className="font-mono text-sm text-slate-600">{m.assetId}</p>
        </div>
        <ul className="flex flex-wrap gap-2" aria-label={t('header.state')}>
          {state(m.online, 'online', 'offline', 'onlineUnknown')}
          {state(m.doorOpen, 'doorOpen', 'doorClosed', 'doorUnknown', false)}
          {state(m.sellable, 'sellable', 'notSellable', 'saleUnknown')}
          {state(m.vmcOk, 'vmcOk', 'vmcLost', 'vmcUnknown')}
          {m.clockAhead && (
            <Badge tone="bad" testId="state-clock-ahead">
              {t('state.clockAhead', {
                ahead: duration(Math.round(m.clockAhead.by / 60) * 60),
                since: time(m.clockAhead.since),
              })}
            </Badge>
          )}
          {m.incomplete && (
            <Badge tone="neutral" testId="state-incomplete">
              {t('state.incomplete')}
            </Badge>
          )}
        </ul>
      </div>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3 lg:grid-cols-5">
        <Field label={t('header.site')}>{m.siteName ?? '—'}</Field>
        <Field label={t('header.line')}>{m.lineName ?? '—'}</Field>
        <Field label={t('header.area')}>{m.areaName ?? '—'}</Field>
        <Field label={t('header.coordinates')}>
          {m.latitude != null && m.longitude != null
            ? `${coord(m.latitude)}, ${coord(m.longitude)}`
            : '—'}
        </Field>
        <Field label={t('header.platform')}>{t(`header.platforms.${m.platform}`)}</Field>
        <Field label={t('header.firmware')}>{s?.fireware ?? '—'}</Field>
        <Field label={t('header.apps')}>
          {s?.apps.length ? s.apps.map((a) => `${a.name} ${a.version ?? ''}`).join(', ') : '—'}
        </Field>
        <Field label={t('header.vmc')}>
          {s?.versions.length
            ? s.versions.map((v) => `${v.name} ${vmcType(v.type)} ${v.value ?? ''}`).join(', ')
            : '—'}
        </Field>
        <Field label={t('header.coins')}>
          {s && (s.coin5Count != null || s.coin10Count != null)
            ? t('header.coinsValue', {
                coin5: s.coin5Count ?? '—',
                coin10: s.coin10Count ?? '—',
              })
            : '—'}
        </Field>
        <Field label={t('header.lastSeen')}>{time(m.lastSeenAt)}</Field>
        <Field label={t('header.statusAt')}>{time(s?.updatedAt)}</Field>
      </dl>
      <p className="text-xs text-slate-500" data-testid="machine-updated">
        {t('updated', { time: time(Math.floor(updatedAt / 1000)) })}
      </p>
    </header>
  );
}
