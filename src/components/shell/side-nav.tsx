"use client";

import { Menu } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import type { Role } from "@/lib/roles";
import { NAV, isCurrent, showsLink, type NavLink } from "./nav-items";

function Item({ item, pathname, nested = false }: { item: NavLink; pathname: string; nested?: boolean }) {
  const current = isCurrent(item.href, pathname);
  return (
    <li>
      <Link
        href={item.href}
        aria-current={current ? "page" : undefined}
        className={`relative flex items-center rounded py-1.5 pr-2 ${nested ? "pl-7" : "pl-3"} ${
          current
            ? "bg-white font-semibold text-ink shadow-sm before:absolute before:inset-y-1.5 before:left-0 before:w-[3px] before:rounded-full before:bg-brand"
            : "text-ink-2 hover:bg-white/70 hover:text-ink"
        }`}
      >
        {item.label}
      </Link>
    </li>
  );
}

const groupId = (label: string) => `nav-${label.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;

export function SideNav({ role }: { role: Role }) {
  const pathname = usePathname() ?? "/";
  // On small screens the list folds behind a Menu button; it closes again on navigation.
  const [openAt, setOpenAt] = useState<string | null>(null);
  const open = openAt === pathname;
  return (
    <nav aria-label="Admin center" className="text-sm">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="admin-center-nav"
        onClick={() => setOpenAt(open ? null : pathname)}
        className="flex w-full items-center gap-2 rounded px-3 py-1.5 font-semibold text-ink hover:bg-white/70 md:hidden"
      >
        <Menu aria-hidden="true" className="size-4" /> Menu
      </button>
      <ul id="admin-center-nav" className={`space-y-0.5 ${open ? "mt-2 block" : "hidden"} md:mt-0 md:block`}>
        {NAV.map((entry) =>
          "href" in entry ? (
            <Item key={entry.href} item={entry} pathname={pathname} />
          ) : (
            <li key={entry.label} className="pt-2">
              <span className="block px-3 pb-1 text-xs font-semibold uppercase tracking-wide text-ink-3" id={groupId(entry.label)}>
                {entry.label}
              </span>
              <ul aria-labelledby={groupId(entry.label)} className="space-y-0.5">
                {entry.items
                  .filter((item) => showsLink(item, role))
                  .map((item) => (
                    <Item key={item.href} item={item} pathname={pathname} nested />
                  ))}
              </ul>
            </li>
          ),
        )}
      </ul>
    </nav>
  );
}
