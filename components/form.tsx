import type { ReactNode } from 'react';

/** Small form pieces shared by the admin pages, so labels and focus rings stay consistent. */
export const inputClass =
  'rounded border border-slate-300 bg-white px-2 py-1 text-sm focus:outline-2 focus:outline-blue-600';
export const buttonClass =
  'rounded bg-blue-700 px-3 py-1 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-60 focus:outline-2 focus:outline-offset-2 focus:outline-blue-600';
export const quietButtonClass =
  'rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 disabled:opacity-60 focus:outline-2 focus:outline-blue-600';

export function Field({
  label,
  children,
  className = '',
}: {
  label: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <label className={`flex flex-col gap-1 text-sm ${className}`}>
      <span className="text-slate-700">{label}</span>
      {children}
    </label>
  );
}

export function Notice({ kind, children }: { kind: 'error' | 'ok'; children: ReactNode }) {
  return (
    <p
      role={kind === 'error' ? 'alert' : 'status'}
      className={`text-sm ${kind === 'error' ? 'text-red-700' : 'text-green-800'}`}
    >
      {children}
    </p>
  );
}

/** A filter's select: "any" (empty, reported as undefined) and the given options. */
export function SelectFilter({
  label,
  anyLabel,
  value,
  options,
  onChange,
}: {
  label: string;
  anyLabel: string;
  value: string | undefined;
  options: { value: string; label: string }[];
  onChange: (v: string | undefined) => void;
}) {
  return (
    <Field label={label}>
      <select
        className={`${inputClass} max-w-56`}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value || undefined)}
      >
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}
