import type { QueryProblems } from "@/lib/search-params";

/**
 * What a page says when a search param of its URL was ignored (parseSearchParams): one line per
 * parameter, beside its name, so that a damaged link shows the page with defaults and why.
 */
export function QueryNotice({ problems, labels = {} }: { problems: QueryProblems; labels?: Record<string, string> }) {
  const entries = Object.entries(problems);
  if (entries.length === 0) return null;
  return (
    <div role="alert" className="mb-4 rounded border border-warning/40 bg-warning-subtle px-4 py-2" data-testid="query-notice">
      <p className="font-semibold">Part of this page&apos;s address was ignored:</p>
      <ul className="list-disc pl-5">
        {entries.map(([key, messages]) => (
          <li key={key}>
            {labels[key] ?? key}: {messages[0]}
          </li>
        ))}
      </ul>
    </div>
  );
}
