'use client';

import { TZDate } from '@date-fns/tz';
import { format as formatDate } from 'date-fns';
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { DayPicker, type Matcher } from 'react-day-picker';
import { enUS, zhCN } from 'react-day-picker/locale';
import 'react-day-picker/style.css';
import { useFormatter, useLocale, useTimeZone, useTranslations } from 'use-intl';
import { inputClass } from '@/components/form';
import { dateParts, readTypedDate } from '@/lib/edge/date-input';
import './date-field.css';

const FLEET_ZONE = 'Asia/Shanghai';
/** Space kept between the calendar and the screen's edge. */
const EDGE = 8;

/**
 * A date input in the app's language, not the browser's (issue 18: a native
 * `<input type="date">` showed mm/dd/yyyy in the Chinese UI of an English browser). The value
 * is a 'yyyy-MM-dd' string in the fleet's calendar ('' when empty), as the native input's was.
 * The field shows it in the named 'date' format, reads what the user types (on Enter or when
 * leaving the field) and has a calendar (react-day-picker) in the UI language.
 */
export function DateField({
  label,
  value,
  onChange,
  required = false,
  min,
  max,
  className = '',
  fill = false,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  /** Earliest and latest 'yyyy-MM-dd' allowed (the calendar disables the days outside). */
  min?: string;
  max?: string;
  className?: string;
  /** Stretch the input to the width of its column (the native one was w-full there). */
  fill?: boolean;
}) {
  const t = useTranslations('common.dateField');
  const format = useFormatter();
  const locale = useLocale();
  const timeZone = useTimeZone() ?? FLEET_ZONE;
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const popRef = useRef<HTMLDivElement>(null);

  // Noon in the fleet's zone: the same day wherever the formatter's zone puts midnight.
  const toDate = (v: string | undefined) => {
    const p = v ? dateParts(v) : null;
    return p ? new TZDate(p[0], p[1] - 1, p[2], 12, timeZone) : undefined;
  };
  const show = (v: string) => {
    const d = toDate(v);
    return d ? format.dateTime(d, 'date') : '';
  };

  const [text, setText] = useState(() => show(value));
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  // The year the calendar's year list ends after (read when it opens, not while rendering).
  const [thisYear, setThisYear] = useState(2026);
  const [shift, setShift] = useState(0);
  // A new value from the caller (a preset, "clear") replaces what was typed.
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    setText(show(value));
    setError(null);
  }

  // The browser's own bubble on submit speaks the app's language too.
  useEffect(() => {
    inputRef.current?.setCustomValidity(error ?? (required && !text.trim() ? t('required') : ''));
  }, [error, required, text, t]);

  /** Reads the text; true when it is a date (or empty) and was passed on. */
  function commit(raw: string): boolean {
    const s = raw.trim();
    if (!s) {
      setError(null);
      if (value !== '') onChange('');
      return true;
    }
    const v = readTypedDate(s, locale);
    if (!v) return fail(t('unreadable', { text: s }));
    if (min && v < min) return fail(t('tooEarly', { date: show(min) }));
    if (max && v > max) return fail(t('tooLate', { date: show(max) }));
    setError(null);
    setText(show(v));
    if (v !== value) onChange(v);
    return true;
  }
  function fail(message: string): false {
    setError(message);
    return false;
  }

  function openCalendar() {
    setThisYear(new TZDate(Date.now(), timeZone).getFullYear());
    setOpen(true);
  }

  function close(refocus: boolean) {
    setOpen(false);
    setShift(0);
    if (refocus) buttonRef.current?.focus();
  }

  // Keep the calendar on screen: shift it left when it would pass the right edge (390 px phone).
  useLayoutEffect(() => {
    if (!open || !popRef.current) return;
    const r = popRef.current.getBoundingClientRect();
    const width = document.documentElement.clientWidth;
    const over = r.right - (width - EDGE);
    if (over > 0) setShift(-Math.min(over, r.left - EDGE));
  }, [open]);

  // A click elsewhere closes the calendar without taking focus.
  useEffect(() => {
    if (!open) return;
    const away = (e: PointerEvent) => {
      if (!boxRef.current?.contains(e.target as Node)) close(false);
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [open]);

  function onInputKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter' && !commit(text)) e.preventDefault();
    if (e.key === 'ArrowDown' && e.altKey) {
      e.preventDefault();
      openCalendar();
    }
  }

  const selected = toDate(value);
  const first = toDate(min);
  const last = toDate(max);
  const disabled: Matcher[] = [];
  if (first) disabled.push({ before: first });
  if (last) disabled.push({ after: last });
  const errorId = `${id}-error`;

  return (
    <div className={`flex flex-col gap-1 text-sm ${className}`}>
      <label htmlFor={id} className="text-slate-700">
        {label}
      </label>
      <div ref={boxRef} className="relative">
        <input
          id={id}
          ref={inputRef}
          type="text"
          autoComplete="off"
          spellCheck={false}
          placeholder={t('placeholder')}
          className={`${inputClass} pr-9 ${fill ? 'w-full' : 'w-36'}`}
          value={text}
          required={required}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => {
            setText(e.target.value);
            if (error) setError(null);
          }}
          onBlur={() => commit(text)}
          onKeyDown={onInputKey}
        />
        <button
          ref={buttonRef}
          type="button"
          aria-label={t('open')}
          aria-haspopup="dialog"
          aria-expanded={open}
          className="absolute inset-y-0 right-0 flex w-8 items-center justify-center rounded-r text-slate-600 hover:bg-slate-100 focus:outline-2 focus:outline-blue-600"
          onClick={() => (open ? close(false) : openCalendar())}
        >
          <CalendarIcon />
        </button>
        {open && (
          <div
            ref={popRef}
            role="dialog"
            aria-label={t('calendar')}
            className="date-field-calendar absolute top-full left-0 z-40 mt-1 rounded border border-slate-300 bg-white p-2 shadow-lg"
            style={shift ? { transform: `translateX(${shift}px)` } : undefined}
            onBlur={(e) => {
              if (!boxRef.current?.contains(e.relatedTarget as Node | null)) close(false);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.stopPropagation();
                close(true);
              }
            }}
          >
            <DayPicker
              mode="single"
              autoFocus
              locale={locale === 'en' ? enUS : zhCN}
              timeZone={timeZone}
              noonSafe
              captionLayout="dropdown"
              startMonth={first ?? new TZDate(thisYear - 10, 0, 1, timeZone)}
              endMonth={last ?? new TZDate(thisYear + 1, 11, 31, timeZone)}
              defaultMonth={selected}
              selected={selected}
              disabled={disabled}
              required={required}
              onSelect={(d: Date | undefined) => {
                if (!d) return;
                const v = formatDate(new TZDate(d.getTime(), timeZone), 'yyyy-MM-dd');
                setError(null);
                setText(show(v));
                if (v !== value) onChange(v);
                close(true);
              }}
            />
          </div>
        )}
      </div>
      {error && (
        <p id={errorId} role="alert" className="max-w-64 text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

function CalendarIcon() {
  return (
    <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" fill="currentColor">
      <path d="M6 2a1 1 0 0 1 1 1v1h6V3a1 1 0 1 1 2 0v1h1a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2h1V3a1 1 0 0 1 1-1Zm10 6H4v8h12V8Z" />
    </svg>
  );
}
