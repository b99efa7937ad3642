import Link from "next/link";

export interface Crumb {
  label: string;
  href?: string;
}

/** A page's breadcrumb trail, its one <h1> and an optional sentence under it. */
export function PageHeader({
  title,
  crumbs = [],
  description,
  children,
}: {
  title: string;
  crumbs?: Crumb[];
  description?: React.ReactNode;
  children?: React.ReactNode;
}) {
  return (
    <header className="mb-6">
      {crumbs.length > 0 && (
        <nav aria-label="Breadcrumb" className="mb-2 text-xs text-ink-3">
          <ol className="flex flex-wrap items-center gap-1">
            {crumbs.map((crumb, i) => (
              <li key={`${crumb.label}-${i}`} className="flex items-center gap-1">
                {crumb.href ? (
                  <Link href={crumb.href} className="hover:text-brand hover:underline">
                    {crumb.label}
                  </Link>
                ) : (
                  <span>{crumb.label}</span>
                )}
                <span aria-hidden="true">›</span>
              </li>
            ))}
          </ol>
        </nav>
      )}
      <h1 className="text-2xl font-semibold text-ink">{title}</h1>
      {description && <p className="mt-1 max-w-3xl text-ink-3">{description}</p>}
      {children}
    </header>
  );
}
