/**
 * The honest placeholder for a page of the console that is not built yet: it says what the page
 * will do, and shows no made-up data.
 */
export function NotBuiltYet({ children }: { children: React.ReactNode }) {
  return (
    <section
      aria-labelledby="not-built-yet"
      data-testid="not-built-yet"
      className="max-w-3xl rounded-md border border-dashed border-line-strong bg-white p-6"
    >
      <h2 id="not-built-yet" className="text-base font-semibold">
        Not built yet
      </h2>
      <p className="mt-2 text-ink-2">This page will {children}</p>
    </section>
  );
}
