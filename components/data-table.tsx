import type { ReactNode } from 'react';

/**
 * The plain table the admin pages share: a header row, the rows the caller renders, and a
 * one-cell row saying so when there are none.
 */
export function DataTable({
  headers,
  empty,
  children,
}: {
  headers: string[];
  /** Shown instead of rows when set. */
  empty?: string | false;
  children: ReactNode;
}) {
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <thead className="bg-slate-100">
          <tr>
            {headers.map((h) => (
              <th key={h} scope="col" className="px-3 py-2">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {empty ? (
            <tr>
              <td colSpan={headers.length} className="px-3 py-4 text-slate-600">
                {empty}
              </td>
            </tr>
          ) : (
            children
          )}
        </tbody>
      </table>
    </div>
  );
}
