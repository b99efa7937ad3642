"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/server/action";

export interface BellItem {
  id: string;
  title: string;
  body: string;
  href: string;
  tone: "danger" | "warning" | "success" | "info";
  createdAt: Date;
  read: boolean;
}
export interface BellState {
  items: BellItem[];
  unread: number;
}

const TONE = { danger: "bg-danger", warning: "bg-warning", success: "bg-success", info: "bg-brand" } as const;
const relative = new Intl.RelativeTimeFormat("en-US", { numeric: "auto" });

function ago(date: Date, now: number): string {
  const s = Math.round((new Date(date).getTime() - now) / 1000);
  if (s > -60) return "just now";
  if (s > -3600) return relative.format(Math.round(s / 60), "minute");
  if (s > -86_400) return relative.format(Math.round(s / 3600), "hour");
  return relative.format(Math.round(s / 86_400), "day");
}

/**
 * The bell in the top bar: the unread count, and a panel of the newest notifications (pool alerts,
 * alerts resolved). Fetched again on every page and each time it opens; "Mark all as read" and
 * opening one mark them read for this admin only.
 */
export function NotificationBell({
  initial,
  load,
  markRead,
}: {
  initial: BellState;
  load: (input: Record<string, never>) => Promise<ActionResult<BellState>>;
  markRead: (input: { ids: string[] }) => Promise<ActionResult<BellState>>;
}) {
  const [state, setState] = useState(initial);
  const [open, setOpen] = useState(false);
  const [, startTransition] = useTransition();
  const pathname = usePathname();
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const [now, setNow] = useState(() => Date.now());

  const refresh = () =>
    startTransition(async () => {
      const r = await load({});
      if (r.ok) setState(r.data);
    });
  const read = (ids: string[]) =>
    startTransition(async () => {
      const r = await markRead({ ids });
      if (r.ok) setState(r.data);
    });

  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(refresh, [pathname]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        setOpen(false);
        button.current?.focus();
      }
    };
    const onClick = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  const unreadIds = state.items.filter((i) => !i.read).map((i) => i.id);
  const label = state.unread === 0 ? "Notifications" : `Notifications, ${state.unread} unread`;
  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-label={label}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => {
          if (!open) {
            setNow(Date.now());
            refresh();
          }
          setOpen(!open);
        }}
        className="relative grid size-8 place-items-center rounded hover:bg-white/15 focus-visible:outline-white"
        data-testid="notification-bell"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5 fill-current">
          <path d="M10 2a5 5 0 0 0-5 5v2.6L3.3 13A1 1 0 0 0 4.2 14.5h11.6a1 1 0 0 0 .9-1.5L15 9.6V7a5 5 0 0 0-5-5Zm-2 14a2 2 0 0 0 4 0H8Z" />
        </svg>
        {state.unread > 0 && (
          <span
            aria-hidden="true"
            className="absolute -top-0.5 -right-0.5 min-w-4 rounded-full bg-danger px-1 text-center text-[10px] leading-4 font-semibold text-white"
          >
            {state.unread > 99 ? "99+" : state.unread}
          </span>
        )}
      </button>
      {open && (
        <div
          id={panelId}
          role="region"
          aria-label="Your notifications"
          className="absolute top-full right-0 z-30 mt-2 w-[22rem] max-w-[calc(100vw-1rem)] rounded-md border border-line bg-white text-ink shadow-lg"
        >
          <div className="flex items-center justify-between border-b border-line px-4 py-2">
            <h2 className="font-semibold">Notifications</h2>
            <button
              type="button"
              onClick={() => read(unreadIds)}
              disabled={unreadIds.length === 0}
              className="text-brand hover:underline disabled:text-ink-3 disabled:no-underline"
            >
              Mark all as read
            </button>
          </div>
          {state.items.length === 0 ? (
            <p className="px-4 py-6 text-center text-ink-3">Nothing new. Pool alerts, their resolution and people starting to wait appear here.</p>
          ) : (
            <ul className="max-h-[26rem] divide-y divide-line overflow-y-auto" aria-label="Latest notifications">
              {state.items.map((n) => (
                <li key={n.id} className={n.read ? "" : "bg-brand-subtle/40"} data-testid="notification">
                  <Link
                    href={n.href}
                    onClick={() => {
                      if (!n.read) read([n.id]);
                      setOpen(false);
                    }}
                    className="flex gap-3 px-4 py-3 hover:bg-canvas"
                  >
                    <span aria-hidden="true" className={`mt-1.5 size-2 shrink-0 rounded-full ${TONE[n.tone]}`} />
                    <span className="min-w-0">
                      <span className="block font-semibold">
                        {n.title}
                        {!n.read && <span className="sr-only"> (unread)</span>}
                      </span>
                      <span className="block text-ink-2">{n.body}</span>
                      <span className="block text-xs text-ink-3">{ago(n.createdAt, now)}</span>
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
