/** Shown to a Reports reader on pages where a Global admin could change something. */
export function ReadOnlyNotice() {
  return (
    <p className="mb-4 max-w-3xl rounded border border-line bg-brand-subtle px-3 py-2 text-ink-2" data-testid="read-only-notice">
      <span className="font-semibold">Read-only.</span> You&apos;re signed in as a Reports reader: you can see everything here, but only a Global admin can make
      changes.
    </p>
  );
}
