import type { Entry, Message } from './message';

/**
 * A message in each channel's markup, within its size limit (D88): WeCom's markdown content is
 * at most 4096 bytes; DingTalk's and Feishu's whole request at most 20,000 bytes, so their
 * text keeps a margin for the JSON around it. A digest that does not fit keeps the entries that
 * do and says how many more there are; a single text that does not fit is cut and says so.
 */
export const LIMITS = { wecom: 4096, dingtalk: 18_000, feishu: 18_000 } as const;

export const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');

/** The longest prefix of `s` within `max` UTF-8 bytes, never splitting a character. */
export function cutToBytes(s: string, max: number): string {
  if (byteLength(s) <= max) return s;
  let out = '';
  let used = 0;
  for (const ch of s) {
    const b = byteLength(ch);
    if (used + b > max) break;
    out += ch;
    used += b;
  }
  return out;
}

/**
 * Names and sites come from the platform or from people: they must read as text, not as
 * markup (a `[` or `*` in a machine's name would otherwise start a link or bold).
 */
const MD_LOOKALIKE: Record<string, string> = {
  '[': '［',
  ']': '］',
  '<': '‹',
  '>': '›',
  '*': '∗',
  '`': 'ˋ',
  '#': '＃',
};
export const mdText = (s: string) =>
  s.replace(/[[\]<>*`#]/g, (c) => MD_LOOKALIKE[c]!).replace(/\s*[\r\n]+\s*/g, ' ');

/** Multi-line text (a report's) kept as lines, each made safe. */
const mdLines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((l) => l.replace(/[[\]<>*`#]/g, (c) => MD_LOOKALIKE[c]!))
    .join('\n');

/** A link target may only be http(s): anything else is left out. */
export const safeUrl = (url: string) =>
  /^https?:\/\//i.test(url)
    ? url.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    : null;

function entryMarkdown(m: Message, e: Entry, withTitle: boolean, nl: string): string {
  const lines: string[] = [];
  if (withTitle) lines.push(`**${mdText(e.title)}**`);
  for (const f of e.facts) lines.push(m.fact({ label: f.label, value: mdText(f.value) }));
  if (e.sentence) lines.push(mdText(e.sentence));
  const url = e.link && safeUrl(e.link.url);
  if (e.link && url) lines.push(`[${mdText(e.link.label)}](${url})`);
  return lines.join(nl);
}

/**
 * The head, as many entries as fit and the tail, within `max` bytes; the rest counted in
 * "…and N more". When even the head does not fit (a long report), it is cut.
 */
function fit(
  m: Message,
  parts: { head: string; entries: string[]; tail: string },
  max: number,
  sep: string,
): string {
  const join = (xs: string[]) => xs.filter(Boolean).join(sep);
  const n = parts.entries.length;
  for (let k = n; k >= 0; k--) {
    const shown = parts.entries.slice(0, k);
    const text = join([parts.head, ...shown, k < n ? m.more(n - k) : '', parts.tail]);
    if (byteLength(text) <= max) return text;
  }
  const more = n > 0 ? m.more(n) : '';
  const room = max - byteLength(join(['', m.truncated, more, parts.tail])) - 2;
  return join([cutToBytes(parts.head, Math.max(0, room)), m.truncated, more, parts.tail]);
}

/** Markdown for WeCom (`markdown.content`) and DingTalk (`markdown.text`). */
export function markdownOf(m: Message, flavour: 'wecom' | 'dingtalk'): string {
  // DingTalk joins single newlines into one paragraph; WeCom keeps them.
  const nl = flavour === 'dingtalk' ? '\n\n' : '\n';
  const single = m.entries.length === 1;
  const head = [
    `${flavour === 'dingtalk' ? '###' : '##'} ${mdText(m.subject)}`,
    m.intro ? mdLines(m.intro) : '',
    m.attachment ? m.attachmentNote(mdText(m.attachment.filename), false) : '',
  ]
    .filter(Boolean)
    .join(nl);
  const tail =
    flavour === 'wecom'
      ? `<font color="comment">${mdText(m.footer)}</font>`
      : `> ${mdText(m.footer)}`;
  return fit(
    m,
    { head, entries: m.entries.map((e) => entryMarkdown(m, e, !single, nl)), tail },
    LIMITS[flavour],
    flavour === 'dingtalk' ? '\n\n' : '\n\n',
  );
}

/** Feishu/Lark: an interactive card, its text in lark_md. */
export function feishuCardOf(m: Message) {
  const single = m.entries.length === 1;
  const head = [
    m.intro ? mdLines(m.intro) : '',
    m.attachment ? m.attachmentNote(mdText(m.attachment.filename), false) : '',
  ]
    .filter(Boolean)
    .join('\n');
  const content = fit(
    m,
    { head, entries: m.entries.map((e) => entryMarkdown(m, e, !single, '\n')), tail: '' },
    LIMITS.feishu,
    '\n\n',
  );
  return {
    config: { wide_screen_mode: true },
    header: {
      title: { tag: 'plain_text', content: m.subject },
      template: m.tone === 'alert' ? 'red' : m.tone === 'ok' ? 'green' : 'blue',
    },
    elements: [
      { tag: 'div', text: { tag: 'lark_md', content } },
      { tag: 'note', elements: [{ tag: 'plain_text', content: m.footer }] },
    ],
  };
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
const htmlLines = (s: string) => s.split(/\r?\n/).map(escapeHtml).join('<br>');

/** E-mail: a subject, an HTML part and a text part; every value escaped in the HTML. */
export function emailOf(m: Message) {
  const single = m.entries.length === 1;
  const html: string[] = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#0f172a;line-height:1.5">',
    `<h2 style="margin:0 0 12px">${escapeHtml(m.subject)}</h2>`,
  ];
  const text: string[] = [m.subject, ''];
  if (m.intro) {
    html.push(`<p>${htmlLines(m.intro)}</p>`);
    text.push(m.intro, '');
  }
  if (m.attachment) {
    html.push(`<p>${escapeHtml(m.attachmentNote(m.attachment.filename, true))}</p>`);
    text.push(m.attachmentNote(m.attachment.filename, true), '');
  }
  for (const e of m.entries) {
    if (!single) {
      html.push(`<h3 style="margin:16px 0 4px">${escapeHtml(e.title)}</h3>`);
      text.push(e.title);
    }
    html.push('<table style="border-collapse:collapse">');
    for (const f of e.facts) {
      html.push(
        `<tr><th style="text-align:left;padding:2px 12px 2px 0;color:#475569;font-weight:normal">${escapeHtml(f.label)}</th><td style="padding:2px 0">${escapeHtml(f.value)}</td></tr>`,
      );
      text.push(m.fact(f));
    }
    html.push('</table>');
    if (e.sentence) {
      html.push(`<p>${escapeHtml(e.sentence)}</p>`);
      text.push(e.sentence);
    }
    const url = e.link && safeUrl(e.link.url);
    if (e.link && url) {
      html.push(`<p><a href="${escapeHtml(url)}">${escapeHtml(e.link.label)}</a></p>`);
      text.push(`${e.link.label}: ${url}`);
    }
    text.push('');
  }
  html.push(`<p style="color:#64748b;font-size:12px">${escapeHtml(m.footer)}</p></body></html>`);
  text.push(m.footer);
  return { subject: m.subject, html: html.join('\n'), text: text.join('\n') };
}
