'use client';

import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useLocale, useTranslations } from 'use-intl';
import { DataTable } from '@/components/data-table';
import { Dialog } from '@/components/dialog';
import { buttonClass, Notice, quietButtonClass } from '@/components/form';
import { useErrorText } from '@/components/use-error-text';
import { send } from '@/lib/admin/queries';
import type { ChannelView } from '@/lib/notifications/channels/manage';
import { channelsQuery, type TestAnswer } from '@/lib/notifications/channels/queries';
import { ChannelForm } from './channel-form';

/** Where a channel sends, as far as it may be shown: host and masked key, or SMTP and recipients. */
function Where({ c }: { c: ChannelView }) {
  const t = useTranslations('channels.page');
  const s = c.summary;
  if (s.smtp)
    return (
      <span className="break-all">
        {t('smtpWhere', {
          host: s.smtp.host,
          port: s.smtp.port,
          secure: t(`secure.${s.smtp.secure}`),
        })}
        <br />
        {t('to', { recipients: (s.to ?? []).join(', ') })}
      </span>
    );
  const parts = [
    s.key && t('key', { key: s.key }),
    s.signed !== undefined && (s.signed ? t('signed') : t('unsigned')),
  ].filter((p): p is string => Boolean(p));
  return (
    <span className="flex flex-wrap gap-x-2">
      <span className="break-all">{s.host}</span>
      {parts.map((p) => (
        <span key={p} className="whitespace-nowrap">
          · {p}
        </span>
      ))}
    </span>
  );
}

function TestOutcome({ result }: { result: TestAnswer | 'pending' }) {
  const t = useTranslations('channels.page');
  if (result === 'pending') return <p className="text-sm text-slate-600">{t('testing')}</p>;
  const status = result.status === null ? 'none' : String(result.status);
  return (
    <div role="status" className="text-sm" data-testid="test-outcome">
      <p className={result.ok ? 'font-medium text-green-800' : 'font-medium text-red-700'}>
        {result.ok ? t('testOk', { status }) : t('testFailed', { status })}
      </p>
      {result.answer && (
        <p className="break-all text-slate-600">{t('answer', { answer: result.answer })}</p>
      )}
    </div>
  );
}

export function ChannelsSection() {
  const t = useTranslations('channels.page');
  const tc = useTranslations('common');
  const locale = useLocale();
  const format = useFormatter();
  const errorText = useErrorText();
  const qc = useQueryClient();
  const { data, error } = useQuery(channelsQuery());
  const [failure, setFailure] = useState<string | null>(null);
  const [results, setResults] = useState<Record<number, TestAnswer | 'pending'>>({});
  const [deleting, setDeleting] = useState<ChannelView | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['notification-channels'] });

  const remove = useMutation({
    mutationFn: (id: number) => send<ChannelView>('DELETE', `/api/v1/notification-channels/${id}`),
    onSuccess: () => {
      setDeleting(null);
      setFailure(null);
      void refresh();
    },
    onError: (e: Error) => setFailure(e.message),
  });

  async function test(id: number) {
    setResults((r) => ({ ...r, [id]: 'pending' }));
    try {
      const answer = await send<TestAnswer>('POST', `/api/v1/notification-channels/${id}/test`, {
        language: locale,
      });
      setResults((r) => ({ ...r, [id]: answer }));
    } catch (e) {
      setResults((r) => ({
        ...r,
        [id]: { ok: false, status: null, answer: (e as Error).message },
      }));
    }
    void refresh();
  }

  const when = (s: number | null) =>
    s === null ? tc('never') : format.dateTime(new Date(s * 1000), 'dateTime');

  return (
    <section aria-labelledby="channels-heading" className="space-y-4">
      <div>
        <h2 id="channels-heading" className="text-lg font-semibold">
          {t('heading')}
        </h2>
        <p className="text-sm text-slate-600">{t('intro')}</p>
      </div>
      {error && <Notice kind="error">{tc('error', { message: errorText(error) })}</Notice>}
      {failure && <Notice kind="error">{tc('error', { message: failure })}</Notice>}
      {data && !data.encryptionReady && <Notice kind="error">{t('encryptionMissing')}</Notice>}
      <DataTable
        cards
        label={t('heading')}
        headers={[
          t('name'),
          t('kind'),
          t('where'),
          t('lastOk'),
          t('lastFailed'),
          t('failures'),
          t('actions'),
        ]}
        empty={data?.items.length === 0 && t('empty')}
      >
        {data?.items.map((c) => (
          <tr key={c.id} className="border-t border-slate-100" data-testid={`channel-${c.id}`}>
            <td className="px-3 py-2 font-medium break-all">{c.name}</td>
            <td className="px-3 py-2">{t(`kinds.${c.kind}`)}</td>
            <td className="max-md:col-span-2 px-3 py-2 text-sm">
              <Where c={c} />
            </td>
            <td className="px-3 py-2">{when(c.lastOkAt)}</td>
            <td className="px-3 py-2">{when(c.lastFailedAt)}</td>
            <td className={`px-3 py-2 tabular-nums ${c.failures > 0 ? 'text-red-700' : ''}`}>
              {c.failures}
            </td>
            <td className="max-md:col-span-2 px-3 py-2">
              <div className="flex flex-wrap gap-2">
                <button
                  type="button"
                  className={quietButtonClass}
                  disabled={results[c.id] === 'pending'}
                  onClick={() => void test(c.id)}
                >
                  {t('test')}
                </button>
                <button type="button" className={quietButtonClass} onClick={() => setDeleting(c)}>
                  {t('delete')}
                </button>
              </div>
              {results[c.id] && <TestOutcome result={results[c.id]!} />}
            </td>
          </tr>
        ))}
      </DataTable>
      {data?.encryptionReady !== false && <ChannelForm onAdded={() => void refresh()} />}
      <Dialog
        open={!!deleting}
        onClose={() => setDeleting(null)}
        title={t('deleteTitle')}
        role="alertdialog"
      >
        {deleting && (
          <>
            <p className="text-sm">{t('deleteQuestion', { name: deleting.name })}</p>
            <div className="flex justify-end gap-2">
              <button type="button" className={quietButtonClass} onClick={() => setDeleting(null)}>
                {tc('cancel')}
              </button>
              <button
                type="button"
                className={buttonClass}
                disabled={remove.isPending}
                onClick={() => remove.mutate(deleting.id)}
              >
                {t('deleteConfirm')}
              </button>
            </div>
          </>
        )}
      </Dialog>
    </section>
  );
}
