/**
 * Page primitives of the console: the white card a page's content sits in, its empty state, and
 * the data table (column headers with `scope="col"`, a screen-reader caption, a row saying there is
 * nothing to list).
 */

/** A column header: a label (or an `sr-only` one), right-aligned for numbers; `className` replaces its padding. */
export type Column = string | { label: React.ReactNode; srOnly?: boolean; numeric?: boolean; className?: string };

/** The white card: a section named by its heading. `title` under a bar with an optional description and action, or read only by screen readers. */
export function Card({
  id,
  title,
  description,
  action,
  srOnlyTitle = false,
  className = "",
  testId,
  children,
}: {
  id: string;
  title: React.ReactNode;
  description?: React.ReactNode;
  action?: React.ReactNode;
  srOnlyTitle?: boolean;
  className?: string;
  testId?: string;
  children: React.ReactNode;
}) {
  return (
    <section aria-labelledby={id} className={`rounded-md border border-line bg-white shadow-sm ${className}`.trim()} data-testid={testId}>
      {srOnlyTitle ? (
        <h2 id={id} className="sr-only">
          {title}
        </h2>
      ) : (
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-line px-5 py-4">
          <div>
            <h2 id={id} className="text-base font-semibold">
              {title}
            </h2>
            {description && <p className="text-ink-3">{description}</p>}
          </div>
          {action}
        </div>
      )}
      {children}
    </section>
  );
}

/** What a card says when it has nothing to list. */
export function EmptyState({ children, className = "px-5 py-6" }: { children: React.ReactNode; className?: string }) {
  return <p className={`${className} text-ink-3`}>{children}</p>;
}

/** A table row spanning every column, saying there is nothing to list. */
export function EmptyRow({ colSpan, children, className = "px-5 py-8" }: { colSpan: number; children: React.ReactNode; className?: string }) {
  return (
    <tr>
      <td colSpan={colSpan} className={`${className} text-center text-ink-3`}>
        {children}
      </td>
    </tr>
  );
}

function columnClass(column: Column, index: number, count: number): string {
  const edge = index === 0 || index === count - 1 ? "px-5" : "px-3";
  const spec: Exclude<Column, string> = typeof column === "string" ? { label: column } : column;
  return `${spec.className ?? `${edge} py-2`}${spec.numeric ? " text-right" : ""} font-semibold`;
}

/**
 * A data table that scrolls sideways when narrow — with a shadow on the edge that has more behind it,
 * and focusable (named by its caption) so that the keyboard scrolls it too: its caption (for screen readers), one header row
 * of `columns` (the outer ones padded like the card, the inner ones narrower), then `children` —
 * the body's rows — or, when `empty` is given, a row saying so.
 */
export function DataTable({
  caption,
  columns,
  className = "",
  testId,
  empty,
  emptyClassName,
  children,
}: {
  caption?: React.ReactNode;
  columns: Column[];
  className?: string;
  testId?: string;
  empty?: React.ReactNode;
  emptyClassName?: string;
  children: React.ReactNode;
}) {
  const named = typeof caption === "string";
  return (
    <div
      className="scroll-shadows overflow-x-auto"
      tabIndex={named ? 0 : undefined}
      role={named ? "region" : undefined}
      aria-label={named ? caption : undefined}
    >
      <table className={["w-full", className, "text-left"].filter(Boolean).join(" ")} data-testid={testId}>
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead className="text-xs text-ink-3">
          <tr className="border-b border-line">
            {columns.map((column, i) => (
              <th key={i} scope="col" className={columnClass(column, i, columns.length)}>
                {typeof column === "string" ? column : column.srOnly ? <span className="sr-only">{column.label}</span> : column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {empty ? (
            <EmptyRow colSpan={columns.length} className={emptyClassName}>
              {empty}
            </EmptyRow>
          ) : null}
          {children}
        </tbody>
      </table>
    </div>
  );
}

/** A cell of numbers: right-aligned, figures of one width. */
export function NumberCell({ children, testId, className = "px-3 py-3" }: { children: React.ReactNode; testId?: string; className?: string }) {
  return (
    <td className={`${className} text-right tabular-nums`} data-testid={testId}>
      {children}
    </td>
  );
}

/** A summary tile: a small card with its heading, then a figure or a short list. */
export function Tile({ id, title, testId, children }: { id: string; title: React.ReactNode; testId?: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-md border border-line bg-white p-5 shadow-sm" data-testid={testId}>
      <h2 id={id} className="font-semibold text-ink-2">
        {title}
      </h2>
      {children}
    </section>
  );
}
