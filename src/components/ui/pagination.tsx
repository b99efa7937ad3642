import Link from "next/link";

const PAGE_LINK = "rounded border px-3 py-1";

/** One link of a pager (Previous, Next…): a link while there is a page to go to, else the same words marked disabled. */
export function PageLink({ href, children }: { href: string | null | undefined; children: React.ReactNode }) {
  return href ? (
    <Link href={href} className={`${PAGE_LINK} border-line-strong bg-white hover:bg-canvas`}>
      {children}
    </Link>
  ) : (
    <span aria-disabled="true" className={`${PAGE_LINK} border-line text-ink-3`}>
      {children}
    </span>
  );
}

/** A short pager of text links: Previous while there is an earlier page, "Page n of m", Next while there is a later one. */
export function PageLinks({
  label,
  page,
  pages,
  href,
  className,
}: {
  label: string;
  page: number;
  pages: number;
  href: (page: number) => string;
  className: string;
}) {
  return (
    <nav aria-label={label} className={`flex items-center gap-3 ${className}`}>
      {page > 1 && (
        <Link href={href(page - 1)} className="text-brand hover:underline">
          Previous
        </Link>
      )}
      <span className="text-ink-3">
        Page {page} of {pages}
      </span>
      {page < pages && (
        <Link href={href(page + 1)} className="text-brand hover:underline">
          Next
        </Link>
      )}
    </nav>
  );
}
