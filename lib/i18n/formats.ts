import type { Formats } from 'use-intl';

/**
 * The app's date and time formats, one per purpose, the same in every page of a language
 * (issue 18: six formats were in use). Always 24-hour, with numeric parts that Node's ICU and
 * Chromium's render alike (no AM/PM, whose narrow spaces differ and break hydration).
 * Use by name: `format.dateTime(d, 'dateTime')`.
 *   zh-CN: 2026/12/03 10:41 · 2026/12/03 · 10:41 · 12/03 10:41
 *   en:    Dec 3, 2026, 10:41 · Dec 3, 2026 · 10:41 · Dec 3, 10:41
 */
const hm = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;

export const FORMATS: Record<'zh-CN' | 'en', Formats> = {
  'zh-CN': {
    dateTime: {
      dateTime: { year: 'numeric', month: '2-digit', day: '2-digit', ...hm },
      date: { year: 'numeric', month: '2-digit', day: '2-digit' },
      time: hm,
      timeSeconds: { ...hm, second: '2-digit' },
      dayTime: { month: '2-digit', day: '2-digit', ...hm },
      day: { month: '2-digit', day: '2-digit' },
    },
  },
  en: {
    dateTime: {
      dateTime: { year: 'numeric', month: 'short', day: 'numeric', ...hm },
      date: { year: 'numeric', month: 'short', day: 'numeric' },
      time: hm,
      timeSeconds: { ...hm, second: '2-digit' },
      dayTime: { month: 'short', day: 'numeric', ...hm },
      day: { month: 'short', day: 'numeric' },
    },
  },
};
