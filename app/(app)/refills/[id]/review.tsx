'use client';

import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'use-intl';
import { buttonClass, Field, inputClass, Notice } from '@/components/form';
import { send } from '@/lib/admin/queries';
import type { VisitDetail } from '@/lib/refills/queries';

/** Finance marks the visit reviewed with a note; every review stays in the audit log. */
export function ReviewPanel({ visit }: { visit: VisitDetail }) {
  const t = useTranslations('refills.review');
  const tc = useTranslations('common');
  const format = useFormatter();
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const review = useMutation({
    mutationFn: (text: string) =>
      send('POST', `/api/v1/refills/${visit.id}/review`, { note: text }),
    onSuccess: () => {
      setNote('');
      setNotice({ kind: 'ok', text: t('saved') });
      void qc.invalidateQueries({ queryKey: ['refill-visit', visit.id] });
      void qc.invalidateQueries({ queryKey: ['refill-visits'] });
    },
    onError: (e: Error) => setNotice({ kind: 'error', text: tc('error', { message: e.message }) }),
  });
  const when = (s: number) => format.dateTime(new Date(s * 1000), 'dateTime');
  function submit(e: FormEvent) {
    e.preventDefault();
    if (note.trim()) review.mutate(note.trim());
  }
  return (
    <section
      aria-labelledby="review-heading"
      className="space-y-3 rounded border border-slate-200 bg-white p-3"
    >
      <h2 id="review-heading" className="font-medium">
        {t('heading')}
      </h2>
      {visit.review ? (
        <div data-testid="review-current">
          <p className="text-sm font-medium">
            ✓ {t('by', { name: visit.review.reviewedBy, time: when(visit.review.reviewedAt) })}
          </p>
          <p className="text-sm whitespace-pre-wrap">{visit.review.note}</p>
        </div>
      ) : (
        <p className="text-sm text-slate-600">{t('none')}</p>
      )}
      <form onSubmit={submit} className="space-y-2" aria-label={t('heading')}>
        <Field label={t('note')}>
          <textarea
            className={`${inputClass} min-h-20 w-full max-w-2xl`}
            value={note}
            maxLength={2000}
            onChange={(e) => setNote(e.target.value)}
            required
          />
        </Field>
        <button type="submit" className={buttonClass} disabled={review.isPending || !note.trim()}>
          {visit.review ? t('again') : t('submit')}
        </button>
      </form>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      {visit.reviews.length > 1 && (
        <details>
          <summary className="cursor-pointer text-sm">{t('history')}</summary>
          <ul className="mt-2 space-y-1 text-sm">
            {visit.reviews.slice(1).map((r, i) => (
              <li key={i}>
                {t('by', { name: r.by, time: when(r.at) })}: {r.note}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
