import Link from "next/link";
import { SearchField } from "@/components/ui/search-field";

/** A list's filter as a row of links (one a value, the current one marked), e.g. a report's date range. */
export function FilterTabs<K extends string>({
  label,
  values,
  current,
  labels,
  href,
}: {
  /** The navigation's accessible name. */
  label: string;
  values: readonly K[];
  current: K;
  labels: Record<K, string>;
  href: (value: K) => string;
}) {
  return (
    <nav aria-label={label}>
      <ul className="flex flex-wrap rounded border border-line-strong bg-white">
        {values.map((value) => (
          <li key={value}>
            <Link
              href={href(value)}
              aria-current={value === current ? "page" : undefined}
              className={`block px-3 py-1.5 ${value === current ? "bg-brand font-semibold text-white" : "text-ink-2 hover:bg-canvas"}`}
            >
              {labels[value]}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * A list's people search: a GET form to `action` keeping the other parameters given in `keep`
 * (those undefined are left out), and "Clear search" while a search is on.
 */
export function SearchForm({
  action,
  id,
  q,
  keep,
  clearHref,
}: {
  action: string;
  id: string;
  q: string;
  keep: Record<string, string | undefined>;
  clearHref: string;
}) {
  return (
    <form role="search" method="get" action={action} className="flex items-end gap-2">
      {Object.entries(keep).map(([name, value]) => value !== undefined && <input key={name} type="hidden" name={name} value={value} />)}
      <SearchField id={id} defaultValue={q} />
      {q && (
        <Link href={clearHref} className="py-1.5 text-brand hover:underline">
          Clear search
        </Link>
      )}
    </form>
  );
}
