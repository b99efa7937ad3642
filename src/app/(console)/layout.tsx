import { NotificationBell } from "@/components/shell/notification-bell";
import { SideNav } from "@/components/shell/side-nav";
import { TopBar } from "@/components/shell/top-bar";
import { Toaster } from "@/components/ui/toaster";
import { CONSOLE_ROLES } from "@/lib/roles";
import { requireRole } from "@/server/auth/guards";
import { db } from "@/server/db";
import { listBell } from "@/server/domain/notifications/service";
import { loadBell, markBellRead } from "../notifications/actions";

/**
 * The admin center: signed-out visitors go to sign-in, users without an admin role get the 403
 * page. Pages check the role again themselves (a layout is not re-rendered on client navigation).
 */
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await requireRole(...CONSOLE_ROLES);
  const bell = await listBell(db(), user.tenantId, user.id);
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-30 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <TopBar user={user} bell={<NotificationBell initial={bell} load={loadBell} markRead={markBellRead} />} />
      <div className="flex flex-1 flex-col md:flex-row">
        <aside className="border-b border-line bg-canvas px-2 py-3 md:w-60 md:shrink-0 md:border-r md:border-b-0">
          <SideNav role={user.role} />
        </aside>
        <main id="main" className="min-w-0 flex-1 bg-[#fafafa] px-4 py-6 sm:px-8">
          {children}
        </main>
      </div>
      <Toaster />
    </div>
  );
}
