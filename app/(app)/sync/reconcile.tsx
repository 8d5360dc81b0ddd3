'use client';

import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useLocale, useTimeZone, useTranslations } from 'use-intl';
import { DateField } from '@/components/date-field';
import { useErrorText } from '@/components/use-error-text';
import { DataTable } from '@/components/data-table';
import { buttonClass, Field, inputClass, Notice, quietButtonClass } from '@/components/form';
import { send } from '@/lib/admin/queries';
import { STAT_CATEGORIES } from '@/lib/sales/paystyles';
import { formatFen } from '@/lib/money';
import { checksQuery, reconcileQuery, type ComparisonRow } from '@/lib/sync/queries';
import { parseTime, yesterday } from '@/lib/sync/window';
import { useProblemText } from './problem';

const CODE = new Map<string, number>(STAT_CATEGORIES.map(([name, codes]) => [name, codes[0]]));

type Window = { assetId: string; startTime: number; endTime: number };

function LineName({ line }: { line: string }) {
  const t = useTranslations('sync');
  const tp = useTranslations('paystyles');
  const code = CODE.get(line);
  return <>{code === undefined ? t(`lines.${line}`) : tp(String(code))}</>;
}

function Checks({ onPick }: { onPick: (w: Window) => void }) {
  const t = useTranslations('sync');
  const locale = useLocale();
  const format = useFormatter();
  const { data } = useQuery(checksQuery());
  const latest = data?.items[0];
  return (
    <section
      aria-labelledby="checks-heading"
      className="rounded border border-slate-200 bg-white p-4"
    >
      <h3 id="checks-heading" className="font-medium">
        {t('checks')}
      </h3>
      {!latest ? (
        <p className="mt-2 text-sm text-slate-600">{t('checksNone')}</p>
      ) : (
        <div className="mt-2 space-y-2 text-sm" data-testid="latest-check">
          <p>
            {t('checkSummary', {
              day:
                latest.day ??
                // Two named dates, not dateTimeRange: its spaces differ between Node's ICU and Chromium's
                // (a hydration error on every English load, issue 18).
                `${format.dateTime(new Date(latest.startTime * 1000), 'date')} – ${format.dateTime(new Date(latest.endTime * 1000), 'date')}`,
              machines: latest.machines,
              disagreeing: latest.disagreeing,
            })}
          </p>
          {latest.diffs.length > 0 && (
            <ul className="space-y-1">
              {latest.diffs.map((d) => (
                <li key={d.assetId} className="flex flex-wrap items-center gap-2 text-red-800">
                  <span>
                    {t('diffRow', {
                      assetId: d.assetId,
                      count: d.countDiff,
                      amount: formatFen(d.amountDiff, locale),
                    })}
                  </span>
                  <button
                    type="button"
                    className={quietButtonClass}
                    onClick={() =>
                      onPick({
                        assetId: d.assetId,
                        startTime: latest.startTime,
                        endTime: latest.endTime,
                      })
                    }
                  >
                    {t('compare')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

function Result({ w }: { w: Window }) {
  const t = useTranslations('sync');
  const problemText = useProblemText();
  const errorText = useErrorText();
  const tc = useTranslations('common');
  const locale = useLocale();
  const qc = useQueryClient();
  const { data, isFetching, error } = useQuery(reconcileQuery(w));
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const backfill = useMutation({
    mutationFn: () =>
      send<{ runId: number }>('POST', '/api/v1/sync', {
        job: 'trades',
        assetId: w.assetId,
        since: w.startTime,
        until: w.endTime,
      }),
    onSuccess: (r) => {
      setNotice({ kind: 'ok', text: t('backfillStarted', { runId: r.runId }) });
      void qc.invalidateQueries({ queryKey: ['sync-runs'] });
    },
    onError: (e: Error) => setNotice({ kind: 'error', text: tc('error', { message: e.message }) }),
  });
  if (error) return <Notice kind="error">{tc('error', { message: errorText(error) })}</Notice>;
  if (!data) return <p className="text-sm text-slate-600">{t('loading')}</p>;
  const money = (fen: number) => formatFen(fen, locale);
  const cell = (r: ComparisonRow) =>
    r.countDiff !== 0 || r.amountDiff !== 0 ? 'bg-red-50 text-red-800' : '';
  return (
    <div className="space-y-3" data-testid="reconcile-result">
      {data.platformProblem ? (
        <Notice kind="error">{problemText(data.platformProblem)}</Notice>
      ) : (
        data.platformError && (
          <Notice kind="error">{t('platformError', { message: data.platformError })}</Notice>
        )
      )}
      <p
        role="status"
        data-testid="reconcile-verdict"
        className={`text-sm font-medium ${data.differs ? 'text-red-800' : 'text-green-800'}`}
      >
        {data.differs ? t('differs') : t('agrees')}
      </p>
      <DataTable
        cards
        headers={[
          t('line'),
          t('oursCount'),
          t('oursAmount'),
          t('theirsCount'),
          t('theirsAmount'),
          t('countDiff'),
          t('amountDiff'),
        ]}
      >
        {data.rows.map((r) => (
          <tr
            key={r.line}
            className={`border-t border-slate-100 ${cell(r)}`}
            data-testid={`line-${r.line}`}
          >
            <th scope="row" className="px-3 py-1 text-left font-normal">
              <LineName line={r.line} />
            </th>
            <td className="px-3 py-1 tabular-nums">{r.ours.count}</td>
            <td className="px-3 py-1 tabular-nums">{money(r.ours.amount)}</td>
            <td className="px-3 py-1 tabular-nums">{r.theirs.count}</td>
            <td className="px-3 py-1 tabular-nums">{money(r.theirs.amount)}</td>
            <td className="px-3 py-1 tabular-nums">{r.countDiff}</td>
            <td className="px-3 py-1 tabular-nums">{money(r.amountDiff)}</td>
          </tr>
        ))}
      </DataTable>
      <div className="flex flex-wrap gap-3">
        <button
          type="button"
          className={buttonClass}
          disabled={backfill.isPending}
          onClick={() => backfill.mutate()}
        >
          {t('backfill')}
        </button>
        <button
          type="button"
          className={quietButtonClass}
          disabled={isFetching}
          onClick={() => void qc.invalidateQueries({ queryKey: ['reconcile', w] })}
        >
          {t('compareAgain')}
        </button>
      </div>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
    </div>
  );
}

export function Reconciliation() {
  const t = useTranslations('sync');
  const timeZone = useTimeZone() ?? 'Asia/Shanghai';
  const [form, setForm] = useState(() => {
    const y = yesterday(Math.floor(Date.now() / 1000), timeZone);
    return { assetId: '', from: y.day, to: y.day };
  });
  const [w, setW] = useState<Window | null>(null);
  const [error, setError] = useState<string | null>(null);
  const toDay = (s: number) =>
    new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(s * 1000));
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    try {
      const startTime = parseTime(form.from, timeZone);
      const endTime = parseTime(form.to, timeZone, true);
      if (!form.assetId.trim() || endTime < startTime) throw new RangeError();
      setError(null);
      setW({ assetId: form.assetId.trim(), startTime, endTime });
    } catch {
      setError(t('badWindow'));
    }
  }
  return (
    <section aria-labelledby="reconcile-heading" className="space-y-3">
      <h2 id="reconcile-heading" className="font-medium">
        {t('reconcile')}
      </h2>
      <p className="text-sm text-slate-600">{t('reconcileIntro')}</p>
      <Checks
        onPick={(p) => {
          setForm({ assetId: p.assetId, from: toDay(p.startTime), to: toDay(p.endTime) });
          setW(p);
        }}
      />
      <form
        onSubmit={submit}
        className="flex flex-wrap items-end gap-3"
        aria-label={t('reconcile')}
      >
        <Field label={t('machine')}>
          <input
            className={inputClass}
            value={form.assetId}
            onChange={(e) => setForm({ ...form, assetId: e.target.value })}
            required
          />
        </Field>
        <DateField
          label={t('from')}
          value={form.from}
          onChange={(v) => setForm({ ...form, from: v })}
          required
        />
        <DateField
          label={t('to')}
          value={form.to}
          onChange={(v) => setForm({ ...form, to: v })}
          required
        />
        <button type="submit" className={buttonClass}>
          {t('compare')}
        </button>
      </form>
      {error && <Notice kind="error">{error}</Notice>}
      {w && <Result w={w} />}
    </section>
  );
}
