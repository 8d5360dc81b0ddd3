'use client';

import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'use-intl';
import { Dialog } from '@/components/dialog';
import { buttonClass, Field, inputClass, Notice, quietButtonClass } from '@/components/form';
import { useErrorText } from '@/components/use-error-text';
import { send } from '@/lib/admin/queries';
import { assigneesQuery, type AlertItem } from '@/lib/alerts/queries';
import { ApiRequestError } from '@/lib/edge/fetch-json';

type Mode = 'ack' | 'resolve' | 'snooze' | 'assign';
const PRESETS = [
  { key: 'minutes30', minutes: 30 },
  { key: 'hours2', minutes: 120 },
  { key: 'day1', minutes: 1440 },
] as const;

interface Answer {
  alert: AlertItem;
  changed: boolean;
}

/**
 * The lifecycle buttons of one alert: acknowledge (optional note), resolve (a note), snooze
 * (30 min, 2 h, 1 day or other), assign. Each opens a small dialog; the answer is awaited and
 * the alert and the lists are read again before the buttons come back, so nobody sees the old
 * state as the new one.
 */
export function AlertActions({ alert, compact = false }: { alert: AlertItem; compact?: boolean }) {
  const t = useTranslations('alerts.actions');
  const te = useTranslations('alerts.errors');
  const tc = useTranslations('common');
  const format = useFormatter();
  const errorText = useErrorText();
  const qc = useQueryClient();
  const [mode, setMode] = useState<Mode | null>(null);
  const [note, setNote] = useState('');
  const [minutes, setMinutes] = useState<number | 'custom'>(30);
  const [custom, setCustom] = useState('60');
  const [assignee, setAssignee] = useState('');
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const people = useQuery({ ...assigneesQuery(), enabled: mode === 'assign' });

  const action = useMutation({
    mutationKey: ['alert-action', alert.id],
    mutationFn: ({ m, body }: { m: Mode; body: unknown }) =>
      send<Answer>('POST', `/api/v1/alerts/${alert.id}/${m}`, body),
    onSuccess: async ({ alert: a, changed }, { m }) => {
      setMode(null);
      setNote('');
      await Promise.all([
        qc.invalidateQueries({ queryKey: ['alert', alert.id] }),
        qc.invalidateQueries({ queryKey: ['alerts'] }),
        qc.invalidateQueries({ queryKey: ['overview'] }),
      ]);
      setNotice({ kind: 'ok', text: said(m, a, changed) });
    },
    onError: async (e: Error) => {
      const code = e instanceof ApiRequestError ? e.code : undefined;
      setMode(null);
      setNotice({
        kind: 'error',
        text:
          code === 'ALERT_RESOLVED' || code === 'NOT_FOUND'
            ? te(code)
            : tc('error', { message: errorText(e) }),
      });
      await qc.invalidateQueries({ queryKey: ['alert', alert.id] });
      await qc.invalidateQueries({ queryKey: ['alerts'] });
    },
  });

  function said(m: Mode, a: AlertItem, changed: boolean) {
    if (m === 'ack')
      return changed
        ? t('acknowledged')
        : t('alreadyAcknowledged', { name: a.acknowledgedBy ?? '' });
    if (!changed) return t('unchanged');
    if (m === 'snooze')
      return t('snoozed', { time: format.dateTime(new Date(a.snoozedUntil! * 1000), 'dayTime') });
    return m === 'resolve' ? t('resolved') : t('assigned');
  }

  function open(m: Mode) {
    setNotice(null);
    setNote('');
    setAssignee(alert.assignee ? String(alert.assignee.id) : '');
    setMode(m);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!mode) return;
    const body =
      mode === 'ack'
        ? note.trim()
          ? { note: note.trim() }
          : {}
        : mode === 'resolve'
          ? { note: note.trim() }
          : mode === 'snooze'
            ? { minutes: minutes === 'custom' ? Number(custom) : minutes }
            : { userId: assignee ? Number(assignee) : null };
    action.mutate({ m: mode, body });
  }

  if (alert.state === 'resolved')
    return notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null;
  const button = compact ? `${quietButtonClass} text-xs` : quietButtonClass;
  const busy = action.isPending;
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap gap-1" role="group" aria-label={tc('actions')}>
        {alert.state === 'open' && (
          <button
            type="button"
            className={compact ? `${buttonClass} text-xs` : buttonClass}
            disabled={busy}
            onClick={() => open('ack')}
          >
            {t('ack')}
          </button>
        )}
        <button type="button" className={button} disabled={busy} onClick={() => open('resolve')}>
          {t('resolve')}
        </button>
        <button type="button" className={button} disabled={busy} onClick={() => open('snooze')}>
          {t('snooze')}
        </button>
        <button type="button" className={button} disabled={busy} onClick={() => open('assign')}>
          {t('assign')}
        </button>
      </div>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      <Dialog
        open={mode !== null}
        onClose={() => setMode(null)}
        title={mode ? t(`${mode}Title`, { id: alert.id }) : ''}
      >
        <form onSubmit={submit} className="space-y-3">
          {(mode === 'ack' || mode === 'resolve') && (
            <Field label={mode === 'ack' ? t('ackNote') : t('resolveNote')}>
              <textarea
                className={`${inputClass} min-h-20 w-full`}
                value={note}
                maxLength={2000}
                required={mode === 'resolve'}
                onChange={(e) => setNote(e.target.value)}
              />
            </Field>
          )}
          {mode === 'snooze' && (
            <fieldset className="space-y-2">
              <legend className="text-sm text-slate-700">{t('snoozeFor')}</legend>
              <div className="flex flex-wrap gap-3">
                {[...PRESETS, { key: 'custom', minutes: 'custom' as const }].map((p) => (
                  <label key={p.key} className="flex items-center gap-1 text-sm">
                    <input
                      type="radio"
                      name="snooze"
                      checked={minutes === p.minutes}
                      onChange={() => setMinutes(p.minutes)}
                    />
                    {t(p.key)}
                  </label>
                ))}
              </div>
              {minutes === 'custom' && (
                <Field label={t('customMinutes')}>
                  <input
                    type="number"
                    inputMode="numeric"
                    min={5}
                    max={10080}
                    step={1}
                    required
                    className={`${inputClass} w-32`}
                    value={custom}
                    onChange={(e) => setCustom(e.target.value)}
                  />
                </Field>
              )}
            </fieldset>
          )}
          {mode === 'assign' && (
            <Field label={t('assignee')}>
              <select
                className={`${inputClass} w-full`}
                value={assignee}
                onChange={(e) => setAssignee(e.target.value)}
              >
                <option value="">{t('nobody')}</option>
                {people.data?.items.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <div className="flex flex-wrap justify-end gap-2">
            <button type="button" className={quietButtonClass} onClick={() => setMode(null)}>
              {tc('cancel')}
            </button>
            <button
              type="submit"
              className={buttonClass}
              disabled={
                busy ||
                (mode === 'resolve' && !note.trim()) ||
                (mode === 'assign' && people.isPending)
              }
            >
              {mode === 'ack'
                ? t('ack')
                : mode === 'resolve'
                  ? t('resolve')
                  : mode === 'snooze'
                    ? t('snooze')
                    : t('assign')}
            </button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
