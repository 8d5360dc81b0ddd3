'use client';

import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal dialog on the browser's own `<dialog>`: showModal() makes the rest of the page inert
 * (focus stays inside), Esc closes it, and its heading names it. Closing by any means calls
 * `onClose`, so the caller's state follows.
 */
export function Dialog({
  open,
  onClose,
  title,
  children,
  role = 'dialog',
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  /** `alertdialog` for a confirmation that interrupts. */
  role?: 'dialog' | 'alertdialog';
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    else if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      role={role}
      aria-labelledby={titleId}
      onClose={onClose}
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded border border-slate-200 bg-white p-4 shadow-lg backdrop:bg-slate-900/40"
    >
      {open && (
        <div className="space-y-3">
          <h2 id={titleId} className="font-medium">
            {title}
          </h2>
          {children}
        </div>
      )}
    </dialog>
  );
}
