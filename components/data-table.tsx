import { Children, cloneElement, isValidElement, type ReactElement, type ReactNode } from 'react';

type CellProps = { children?: ReactNode; 'data-label'?: string };

/**
 * Gives every cell of the caller's rows its column's header as `data-label`, so the phone's card
 * layout can print "Role: finance" without each page writing its rows twice.
 */
function labelCells(children: ReactNode, headers: string[]): ReactNode {
  return Children.map(children, (row) => {
    if (!isValidElement<CellProps>(row) || row.type !== 'tr') return row;
    let column = 0;
    const cells = Children.map(row.props.children, (cell) => {
      if (!isValidElement<CellProps>(cell) || cell.type !== 'td') return cell;
      const label = headers[column++];
      return cloneElement(cell as ReactElement<CellProps>, { 'data-label': label });
    });
    return cloneElement(row, {}, cells);
  });
}

/** On a phone each row becomes a card: the header hidden, each cell a "label value" line. */
const CARDS = [
  'max-md:block max-md:[&_tbody]:block max-md:[&_thead]:sr-only',
  'max-md:[&_tbody]:space-y-2 max-md:[&_tbody]:p-2',
  'max-md:[&_tbody>tr]:grid max-md:[&_tbody>tr]:grid-cols-2 max-md:[&_tbody>tr]:gap-x-3',
  'max-md:[&_tbody>tr]:rounded max-md:[&_tbody>tr]:border max-md:[&_tbody>tr]:border-slate-200',
  'max-md:[&_td]:flex max-md:[&_td]:min-w-0 max-md:[&_td]:flex-col max-md:[&_td]:py-1',
  'max-md:[&_td[colspan]]:col-span-2',
  'max-md:[&_td[data-label]]:before:text-xs max-md:[&_td[data-label]]:before:text-slate-600',
  'max-md:[&_td[data-label]]:before:content-[attr(data-label)]',
].join(' ');

/**
 * The plain table the admin pages share: a header row, the rows the caller renders, and a
 * one-cell row saying so when there are none. With `cards`, rows become cards below md.
 * The wrapper scrolls sideways when a wide table must, so it takes keyboard focus (axe's
 * scrollable-region-focusable) and is named by `label` when given.
 */
export function DataTable({
  headers,
  empty,
  cards = false,
  label,
  children,
}: {
  headers: string[];
  /** Shown instead of rows when set. */
  empty?: string | false;
  /** Rows as cards on a phone instead of a table that scrolls sideways. */
  cards?: boolean;
  label?: string;
  children: ReactNode;
}) {
  return (
    <div
      className="overflow-x-auto rounded border border-slate-200 bg-white"
      tabIndex={0}
      role={label ? 'region' : undefined}
      aria-label={label}
    >
      <table className={`w-full text-left text-sm ${cards ? CARDS : ''}`}>
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
          ) : cards ? (
            labelCells(children, headers)
          ) : (
            children
          )}
        </tbody>
      </table>
    </div>
  );
}
