'use client';

import { DataTable } from '@/components/data-table';
import { useState } from 'react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'use-intl';
import { useErrorText } from '@/components/use-error-text';
import { Field, inputClass, Notice, quietButtonClass } from '@/components/form';
import { Freshness } from '@/components/freshness';
import { send } from '@/lib/admin/queries';
import { inboxMessageQuery, inboxQuery, type InboxItem } from '@/lib/admin/inbox-queries';
import { LoadMore } from '@/components/load-more';

const KINDS = ['device', 'trade', 'status', 'refill', 'pickup_check', 'pickup_use'] as const;
const STATUSES = ['processed', 'failed', 'rejected', 'unverified', 'pending'] as const;

function pretty(text: string | null | undefined): string {
  if (!text) return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function Raw({ id }: { id: number }) {
  const t = useTranslations('inbox');
  const { data } = useQuery(inboxMessageQuery(id));
  if (!data) return <p className="text-xs">…</p>;
  return (
    <div className="grid gap-2 md:grid-cols-2">
      <div>
        <h3 className="text-xs font-medium text-slate-600">{t('body')}</h3>
        <pre
          className="max-h-80 overflow-auto rounded bg-slate-900 p-2 text-xs text-slate-100"
          data-testid={`inbox-body-${id}`}
        >
          {pretty(data.body)}
        </pre>
      </div>
      {data.reply && (
        <div>
          <h3 className="text-xs font-medium text-slate-600">{t('reply')}</h3>
          <pre className="max-h-80 overflow-auto rounded bg-slate-100 p-2 text-xs">
            {pretty(data.reply)}
          </pre>
        </div>
      )}
    </div>
  );
}

/** The form its signature took (D70); empty for refused messages and those from before. */
function SignedAs({ m }: { m: InboxItem }) {
  const ts = useTranslations('signing');
  if (!m.signForm) return null;
  const form = ts(`forms.${m.signForm}`);
  return (
    <span data-testid={`inbox-signed-${m.id}`}>
      {m.signCanonical ? ts('formWithCanonical', { form, canonical: ts('canonical') }) : form}
    </span>
  );
}

function Row({
  m,
  labels: l,
  onReplay,
}: {
  m: InboxItem;
  /** The column headers, for the phone's cards (the table labels only rows it renders). */
  labels: string[];
  onReplay: (id: number) => void;
}) {
  const t = useTranslations('inbox');
  const format = useFormatter();
  const [open, setOpen] = useState(false);
  const replayable =
    (m.status === 'failed' || m.status === 'rejected') && !m.kind.startsWith('pickup');
  return (
    <>
      <tr className="border-t border-slate-100 align-top" data-testid={`inbox-${m.id}`}>
        <td data-label={l[0]} className="px-3 py-2 tabular-nums">
          {m.id}
        </td>
        <td data-label={l[1]} className="whitespace-nowrap px-3 py-2">
          {format.dateTime(new Date(m.receivedAt * 1000), 'dateTime')}
        </td>
        <td data-label={l[2]} className="px-3 py-2">
          {t(`kinds.${m.kind}`)}
        </td>
        <td data-label={l[3]} className="px-3 py-2">
          {m.clientId ?? '—'}
        </td>
        <td data-label={l[4]} className="px-3 py-2">
          {t(`verifications.${m.verification}`)}
        </td>
        <td data-label={l[5]} className="whitespace-nowrap px-3 py-2">
          <SignedAs m={m} />
        </td>
        <td data-label={l[6]} className="px-3 py-2">
          {t(`statuses.${m.status}`)}
        </td>
        <td data-label={l[7]} className="max-w-xs break-words px-3 py-2 text-xs text-red-800">
          {m.error ?? ''}
        </td>
        <td data-label={l[8]} className="px-3 py-2 tabular-nums">
          {m.attempts}
        </td>
        <td data-label={l[9]} className="flex gap-2 px-3 py-2">
          <button
            type="button"
            className={quietButtonClass}
            aria-expanded={open}
            onClick={() => setOpen(!open)}
          >
            {open ? t('hide') : t('show')}
          </button>
          {replayable && (
            <button type="button" className={quietButtonClass} onClick={() => onReplay(m.id)}>
              {t('replay')}
            </button>
          )}
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={10} className="bg-slate-50 px-3 py-2">
            <Raw id={m.id} />
          </td>
        </tr>
      )}
    </>
  );
}

export function InboxClient() {
  const t = useTranslations('inbox');
  const errorText = useErrorText();
  const tc = useTranslations('common');
  const qc = useQueryClient();
  const [kind, setKind] = useState('');
  const [status, setStatus] = useState('');
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const query = useInfiniteQuery(
    inboxQuery({ kind: kind || undefined, status: status || undefined }),
  );
  const replay = useMutation({
    mutationFn: (id: number) =>
      send<{ id: number; status: string }>('POST', `/api/v1/inbox/${id}/replay`),
    onSuccess: (r) => {
      setNotice({
        kind: 'ok',
        text: t('replayed', { id: r.id, status: t(`statuses.${r.status}`) }),
      });
      void qc.invalidateQueries({ queryKey: ['inbox'] });
    },
    onError: (e: Error) => setNotice({ kind: 'error', text: tc('error', { message: e.message }) }),
  });
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  const headers = [
    '#',
    t('received'),
    t('kind'),
    t('client'),
    t('verification'),
    t('signed'),
    t('status'),
    t('error'),
    t('attempts'),
    tc('actions'),
  ];
  const counts = query.data?.pages[0]?.counts ?? {};
  return (
    <section aria-labelledby="inbox-heading" className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <h1 id="inbox-heading" className="text-xl font-semibold">
            {t('heading')}
          </h1>
          <p className="text-sm text-slate-600">{t('intro')}</p>
        </div>
        <Freshness updatedAt={query.dataUpdatedAt} failed={query.isRefetchError} />
      </div>
      <ul className="flex flex-wrap gap-2 text-sm" aria-label={t('status')}>
        {STATUSES.map((s) => (
          <li
            key={s}
            className="rounded border border-slate-200 bg-white px-2 py-1"
            data-testid={`inbox-count-${s}`}
          >
            {t(`statuses.${s}`)}{' '}
            <span className="font-semibold tabular-nums">{counts[s] ?? 0}</span>
          </li>
        ))}
      </ul>
      <form role="search" onSubmit={(e) => e.preventDefault()} className="flex flex-wrap gap-3">
        <Field label={t('kind')}>
          <select className={inputClass} value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">{t('any')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('status')}>
          <select className={inputClass} value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t('any')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </select>
        </Field>
      </form>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      {query.error && (
        <Notice kind="error">{tc('error', { message: errorText(query.error) })}</Notice>
      )}
      <DataTable cards headers={headers} empty={rows.length === 0 && t('empty')}>
        {rows.map((m) => (
          <Row key={m.id} m={m} labels={headers} onReplay={(id) => replay.mutate(id)} />
        ))}
      </DataTable>
      <LoadMore query={query} />
    </section>
  );
}
