import Link from "next/link";

const TABS = [
  { key: "products", label: "Products", href: "/billing/licenses" },
  { key: "auto-claim", label: "Auto-claim policy", href: "/billing/licenses/auto-claim" },
  { key: "requests", label: "Requests", href: "/billing/licenses/requests" },
] as const;

export type LicensesTab = (typeof TABS)[number]["key"];

/** The tabs of Billing › Licenses (they are links: each tab is its own page). */
export function LicensesTabs({ current }: { current: LicensesTab }) {
  return (
    <nav aria-label="Licenses" className="mb-6 border-b border-line">
      <ul className="flex gap-4">
        {TABS.map((tab) => (
          <li key={tab.key}>
            <Link
              href={tab.href}
              aria-current={tab.key === current ? "page" : undefined}
              className={`-mb-px inline-block border-b-2 px-1 pb-2 ${
                tab.key === current ? "border-brand font-semibold text-ink" : "border-transparent text-ink-3 hover:text-ink"
              }`}
            >
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
