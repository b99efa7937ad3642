import { ProductMark } from "./top-bar";

/** The blue bar above a page outside the console: the product's mark and name. */
export function PortalBar() {
  return (
    <header className="flex h-12 items-center gap-2 bg-brand px-4 font-semibold text-white">
      <ProductMark />
      <span>Auto-claim portal</span>
    </header>
  );
}

/** A full-page message outside the console (403, 404, errors): the blue bar and one card. */
export function MessagePage({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <PortalBar />
      <main className="flex flex-1 items-start justify-center px-4 py-16">
        <section aria-labelledby="message-heading" className="w-full max-w-xl rounded-md border border-line bg-white p-8 shadow-sm">
          <h1 id="message-heading" className="text-xl font-semibold">
            {title}
          </h1>
          <div className="mt-3 space-y-3 text-ink-2">{children}</div>
        </section>
      </main>
    </div>
  );
}
