import { createFormatter, createTranslator } from 'use-intl';
import { durationParts } from '@/lib/fleet/timeline';
import { FORMATS } from '@/lib/i18n/formats';
import { MESSAGES } from '@/lib/i18n';
import type { AlertNotice, Notice } from '../notice';

/**
 * A notice as words, before any channel's markup: every string from the message catalogue in
 * the notice's language, times in the fleet's time zone. Each channel renders this (render.ts).
 */
export interface Fact {
  label: string;
  value: string;
}
export interface Entry {
  title: string;
  facts: Fact[];
  /** The alert's sentence (overview.detail.<kind>), when its details make one. */
  sentence: string | null;
  link: { label: string; url: string } | null;
}
export interface Message {
  subject: string;
  /** A paragraph before the entries (a test's explanation, a report's text). */
  intro: string | null;
  entries: Entry[];
  /** What the e-mail attaches; robots mention it. */
  attachment: { filename: string; content: string; contentType: string } | null;
  footer: string;
  tone: 'alert' | 'ok' | 'info';
  /** "label: value" in the language's punctuation. */
  fact: (f: Fact) => string;
  /** "…and N more": the entries a size limit left out. */
  more: (count: number) => string;
  /** Said where a text was cut to fit a size limit. */
  truncated: string;
  /** "Attached: file" / "comes with the e-mail" for channels that cannot attach. */
  attachmentNote: (filename: string, attached: boolean) => string;
}

/** Keys built at run time (a kind, a state): checked with `has` before use. */
type Translate = ((key: string, values?: Record<string, string | number>) => string) & {
  has: (key: string) => boolean;
};

export function translatorFor(language: Notice['language'], timeZone: string) {
  const t = createTranslator({
    locale: language,
    messages: MESSAGES[language],
    timeZone,
    formats: FORMATS[language],
    // A kind or detail another area adds before its words exist must not stop a delivery.
    onError: () => {},
  }) as unknown as Translate;
  const format = createFormatter({ locale: language, timeZone, formats: FORMATS[language] });
  return { t, format };
}

type Tools = Awaited<ReturnType<typeof translatorFor>>;

function durationText({ t }: Tools, seconds: number) {
  const { unit, ...parts } = durationParts(seconds);
  const values: Record<string, number> = {};
  for (const [k, v] of Object.entries(parts)) if (typeof v === 'number') values[k] = v;
  return t(`machine.timeline.duration.${unit}`, values);
}

/** overview.detail.<kind> with the values the overview gives it; null when it cannot be said. */
function sentenceOf(tools: Tools, a: AlertNotice): string | null {
  const { t } = tools;
  const key = `overview.detail.${a.kind}`;
  if (!t.has(key)) return null;
  const d = a.details;
  const cid = String(d.cid ?? '');
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(d))
    if (typeof v === 'string' || typeof v === 'number') values[k] = v;
  if (a.kind === 'temperature' || a.kind === 'fault')
    values.container =
      cid === 'master'
        ? t('overview.alerts.mainCabinet')
        : t('overview.alerts.container', { cid: cid || '—' });
  if (a.kind === 'clockAhead' && typeof d.aheadBy === 'number')
    values.ahead = durationText(tools, Math.round(d.aheadBy / 60) * 60);
  let text: string;
  try {
    text = t(key, values);
  } catch {
    return null;
  }
  // A message missing a value comes back as its key: say nothing rather than a developer's word.
  return text === key || text.includes(key) || /\{\w+\}/.test(text) ? null : text;
}

function kindName({ t }: Tools, kind: string) {
  const key = `overview.kind.${kind}`;
  return t.has(key) ? t(key) : t('channels.message.anyKind');
}

function machineOf({ t }: Tools, a: AlertNotice): string | null {
  if (!a.assetId) return null;
  return a.machineName
    ? t('channels.message.machine', { name: a.machineName, assetId: a.assetId })
    : a.assetId;
}

export function alertEntry(tools: Tools, event: Notice['event'], a: AlertNotice): Entry {
  const { t, format } = tools;
  const when = (s: number) => format.dateTime(new Date(s * 1000), 'dateTime');
  const kind = kindName(tools, a.kind);
  const machine = machineOf(tools, a);
  const what = machine ? t('channels.message.what', { kind, machine }) : kind;
  const short = event.startsWith('alert.') ? event.slice('alert.'.length) : null;
  const facts: Fact[] = [];
  if (a.siteName) facts.push({ label: t('channels.message.site'), value: a.siteName });
  if (a.lineName) facts.push({ label: t('channels.message.line'), value: a.lineName });
  facts.push({ label: t('channels.message.since'), value: when(a.startedAt) });
  if (a.resolvedAt !== null) {
    facts.push({ label: t('channels.message.resolvedAt'), value: when(a.resolvedAt) });
    facts.push({
      label: t('channels.message.lasted'),
      value: durationText(tools, Math.max(60, a.resolvedAt - a.startedAt)),
    });
  }
  const sentence = sentenceOf(tools, a);
  const stateKey = `channels.state.${a.state}`;
  if (t.has(stateKey)) facts.push({ label: t('channels.message.state'), value: t(stateKey) });
  return {
    title: short
      ? t('channels.message.title', { event: t(`channels.event.${short}`), what })
      : what,
    facts,
    // "Offline" says nothing the title does not.
    sentence: sentence === kind ? null : sentence,
    link: a.url ? { label: t('channels.message.open'), url: a.url } : null,
  };
}

/** The words of a notice for a channel named `channelName`, at `now` (epoch seconds). */
export function messageOf(
  notice: Notice,
  o: { channelName: string; timeZone: string; now: number },
): Message {
  const tools = translatorFor(notice.language, o.timeZone);
  const { t, format } = tools;
  const footer = t('channels.message.footer', {
    time: format.dateTime(new Date(o.now * 1000), 'dateTime'),
  });
  const base = {
    intro: null,
    entries: [],
    attachment: null,
    footer,
    fact: (f: Fact) => t('channels.message.fact', { label: f.label, value: f.value }),
    more: (count: number) => t('channels.message.more', { count }),
    truncated: t('channels.message.truncated'),
    attachmentNote: (filename: string, attached: boolean) =>
      t(attached ? 'channels.message.attachment' : 'channels.message.attachmentByMail', {
        filename,
      }),
  };
  switch (notice.event) {
    case 'test':
      return {
        ...base,
        subject: t('channels.message.testTitle', { name: o.channelName }),
        intro: t('channels.message.testText', { name: o.channelName }),
        tone: 'info',
      };
    case 'report': {
      const r = notice.report ?? { title: t('channels.event.report'), text: '' };
      return {
        ...base,
        subject: r.title,
        intro: r.text,
        attachment: r.attachment ?? null,
        tone: 'info',
      };
    }
    case 'digest': {
      const alerts = notice.alerts ?? (notice.alert ? [notice.alert] : []);
      return {
        ...base,
        subject: t('channels.event.digest', { count: alerts.length }),
        entries: alerts.map((a) =>
          alertEntry(tools, a.state === 'resolved' ? 'alert.resolved' : 'alert.opened', a),
        ),
        tone: alerts.some((a) => a.state !== 'resolved') ? 'alert' : 'ok',
      };
    }
    default: {
      if (!notice.alert) return { ...base, subject: t(`channels.message.anyKind`), tone: 'info' };
      const entry = alertEntry(tools, notice.event, notice.alert);
      return {
        ...base,
        subject: entry.title,
        entries: [entry],
        tone: notice.event === 'alert.resolved' ? 'ok' : 'alert',
      };
    }
  }
}
