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
