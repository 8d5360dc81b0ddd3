'use client';

import { useState, type FormEvent } from 'react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useLocale, useTranslations } from 'use-intl';
import { DataTable } from '@/components/data-table';
import { buttonClass, Field, inputClass, Notice, quietButtonClass } from '@/components/form';
import { send } from '@/lib/admin/queries';
import { formatFen, yuanTextToFen } from '@/lib/money';
import {
  pickupCodesQuery,
  pickupFilterParams,
  throttledQuery,
  type PickupCodeView,
} from '@/lib/pickup/queries';
import { LoadMore } from '@/components/load-more';

const STATUSES = ['unused', 'used', 'revoked', 'expired'] as const;

/** How many days a code stays valid: the same field in both issuing forms. */
function ValidDaysField() {
  const t = useTranslations('pickup');
  return (
    <Field label={t('validDays')}>
      <input
        name="days"
        type="number"
        min={1}
        max={365}
        defaultValue={30}
        className={`${inputClass} w-24`}
      />
    </Field>
  );
}

function IssueForm({
  assetId,
  onIssued,
}: {
  /** The machine the page was opened for (`?assetId=`), filled in. */
  assetId: string;
  onIssued: (codes: PickupCodeView[]) => void;
}) {
  const t = useTranslations('pickup');
  const tc = useTranslations('common');
  const [error, setError] = useState<string | null>(null);
  const issue = useMutation({
    mutationFn: (body: unknown) =>
      send<{ items: PickupCodeView[] }>('POST', '/api/v1/pickup-codes', body),
    onSuccess: (r) => {
      setError(null);
      onIssued(r.items);
    },
    onError: (e: Error) => setError(tc('error', { message: e.message })),
  });
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    let fee = 0;
    try {
      fee = text('fee') ? yuanTextToFen(text('fee')) : 0;
    } catch {
      setError(t('badFee'));
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    issue.mutate({
      ...(text('assetId') && { assetId: text('assetId') }),
      ...(text('goodsNumber') && { goodsNumber: text('goodsNumber') }),
      fee,
      endTime: now + Number(text('days') || 30) * 86_400,
      count: Number(text('count') || 1),
    });
  }
  return (
    <form
      onSubmit={submit}
      aria-labelledby="issue-heading"
      className="space-y-3 rounded border border-slate-200 bg-white p-4"
    >
      <h2 id="issue-heading" className="font-medium">
        {t('issue')}
      </h2>
      <div className="flex flex-wrap items-end gap-3">
        <Field label={t('assetId')}>
          <input name="assetId" className={inputClass} defaultValue={assetId} />
        </Field>
        <Field label={t('goodsNumber')}>
          <input name="goodsNumber" className={inputClass} />
        </Field>
        <Field label={t('fee')}>
          <input
            name="fee"
            inputMode="decimal"
            defaultValue="0.00"
            className={`${inputClass} w-28`}
          />
        </Field>
        <ValidDaysField />
        <Field label={t('count')}>
          <input
            name="count"
            type="number"
            min={1}
            max={1000}
            defaultValue={1}
            className={`${inputClass} w-24`}
          />
        </Field>
        <button type="submit" className={buttonClass} disabled={issue.isPending}>
          {tc('create')}
        </button>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
    </form>
  );
}

/** §10: a code the platform issues (and checks itself); we show what it returned. */
function PlatformIssueForm() {
  const t = useTranslations('pickup');
  const tc = useTranslations('common');
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState<string | null>(null);
  const request = useMutation({
    mutationFn: (body: unknown) =>
      send<{ code: string }>('POST', '/api/v1/pickup-codes/platform', body),
    onSuccess: (r) => {
      setError(null);
      setCode(r.code);
    },
    onError: (e: Error) => {
      setCode(null);
      setError(tc('error', { message: e.message }));
    },
  });
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    const now = Math.floor(Date.now() / 1000);
    request.mutate({
      ...(text('assetId') && { assetId: text('assetId') }),
      ...(text('productCode') && { productCode: text('productCode') }),
      startTime: now,
      endTime: now + Number(text('days') || 30) * 86_400,
    });
  }
  return (
    <form
      onSubmit={submit}
      aria-labelledby="platform-issue-heading"
      className="space-y-3 rounded border border-slate-200 bg-white p-4"
    >
      <h2 id="platform-issue-heading" className="font-medium">
        {t('platformIssue')}
      </h2>
      <p className="text-sm text-slate-600">{t('platformIntro')}</p>
      <div className="flex flex-wrap items-end gap-3">
        <Field label={t('assetId')}>
          <input name="assetId" className={inputClass} />
        </Field>
        <Field label={t('productCode')}>
          <input name="productCode" className={inputClass} />
        </Field>
        <ValidDaysField />
        <button type="submit" className={buttonClass} disabled={request.isPending}>
          {t('request')}
        </button>
      </div>
      {code && (
        <p role="status" className="text-sm text-green-800">
          {t('platformCode')}{' '}
          <span className="font-mono" data-testid="platform-code">
            {code}
          </span>
        </p>
      )}
      {error && <Notice kind="error">{error}</Notice>}
    </form>
  );
}

function Throttled() {
  const t = useTranslations('pickup');
  const format = useFormatter();
  const { data } = useQuery(throttledQuery());
  return (
    <section
      aria-labelledby="throttled-heading"
      className="rounded border border-slate-200 bg-white p-4"
    >
      <h2 id="throttled-heading" className="font-medium">
        {t('throttled')}
      </h2>
      {data?.items.length ? (
        <ul className="mt-2 space-y-1 text-sm" data-testid="throttled">
          {data.items.map((m) => (
            <li key={m.assetId} className="text-red-800">
              {t('throttledRow', {
                assetId: m.assetId,
                wrongCodes: m.wrongCodes,
                throttledChecks: m.throttledChecks,
                time: format.dateTime(new Date(m.lastThrottledAt * 1000), 'dateTime'),
              })}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-sm text-slate-600">{t('throttledNone')}</p>
      )}
    </section>
  );
}

export function PickupClient({ initialAssetId }: { initialAssetId: string }) {
  const t = useTranslations('pickup');
  const tc = useTranslations('common');
  const locale = useLocale();
  const format = useFormatter();
  const qc = useQueryClient();
  const [status, setStatus] = useState('');
  const [assetId, setAssetId] = useState(initialAssetId);
  const [issued, setIssued] = useState<PickupCodeView[]>([]);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const filter = { status: status || undefined, assetId: assetId.trim() || undefined };
  const query = useInfiniteQuery(pickupCodesQuery(filter));
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  const refresh = () => qc.invalidateQueries({ queryKey: ['pickup-codes'] });
  const revoke = useMutation({
    mutationFn: (code: string) =>
      send<PickupCodeView>('POST', `/api/v1/pickup-codes/${code}/revoke`),
    onSuccess: (r) => {
      setNotice({ kind: 'ok', text: t('revoked', { code: r.code }) });
      void refresh();
    },
    onError: (e: Error) => setNotice({ kind: 'error', text: tc('error', { message: e.message }) }),
  });
  const when = (s: number | null) =>
    s === null ? '—' : format.dateTime(new Date(s * 1000), 'dateTime');

  return (
    <section aria-labelledby="pickup-heading" className="space-y-6">
      <div>
        <h1 id="pickup-heading" className="text-xl font-semibold">
          {t('heading')}
        </h1>
        <p className="text-sm text-slate-600">{t('intro')}</p>
      </div>
      <IssueForm
        assetId={initialAssetId}
        onIssued={(codes) => {
          setIssued(codes);
          void refresh();
        }}
      />
      {issued.length > 0 && (
        <div role="status" className="rounded border border-green-300 bg-green-50 p-3 text-sm">
          <p className="font-medium">{t('issued', { count: issued.length })}</p>
          <p className="font-mono" data-testid="issued-codes">
            {issued.map((c) => c.code).join(' ')}
          </p>
        </div>
      )}
      <PlatformIssueForm />
      <Throttled />
      <form
        role="search"
        onSubmit={(e) => e.preventDefault()}
        className="flex flex-wrap items-end gap-3"
      >
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
        <Field label={t('machine')}>
          <input
            className={inputClass}
            value={assetId}
            onChange={(e) => setAssetId(e.target.value)}
          />
        </Field>
        <a
          className={quietButtonClass}
          href={`/api/v1/pickup-codes/export?${pickupFilterParams(filter)}`}
          download
        >
          {t('export')}
        </a>
      </form>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      <DataTable
        cards
        headers={[
          t('code'),
          t('status'),
          t('machine'),
          t('goods'),
          t('fee'),
          t('validUntil'),
          t('createdBy'),
          t('used'),
          tc('actions'),
        ]}
        empty={rows.length === 0 && t('empty')}
      >
        {rows.map((c) => (
          <tr key={c.code} className="border-t border-slate-100" data-testid={`code-${c.code}`}>
            <td className="px-3 py-2 font-mono">{c.code}</td>
            <td className="px-3 py-2">{t(`statuses.${c.status}`)}</td>
            <td className="px-3 py-2">{c.assetId ?? t('any')}</td>
            <td className="px-3 py-2">{c.goodsNumber ?? t('any')}</td>
            <td className="px-3 py-2 tabular-nums">{formatFen(c.fee, locale)}</td>
            <td className="px-3 py-2">{when(c.endTime)}</td>
            <td className="px-3 py-2">{c.createdBy ?? '—'}</td>
            <td className="px-3 py-2">
              {c.usedAt ? `${when(c.usedAt)} ${c.usedAssetId ?? ''}` : '—'}
            </td>
            <td className="px-3 py-2">
              {c.status === 'unused' && (
                <button
                  type="button"
                  className={quietButtonClass}
                  onClick={() => revoke.mutate(c.code)}
                >
                  {t('revoke')}
                </button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      <LoadMore query={query} />
    </section>
  );
}
