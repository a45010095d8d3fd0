import { Form, Link, NavLink } from "@remix-run/react";
import { NotificationsMenu, type HeaderNotifications } from "./notifications-menu";

export interface HeaderUser {
  id: string;
  name: string;
  isSiteAdmin: boolean;
}

/** The navigation bar: brand, main links, search, and who is signed in. */
export function SiteHeader({ user, notifications = null }: { user: HeaderUser | null; notifications?: HeaderNotifications | null }) {
  const navClass = ({ isActive }: { isActive: boolean }) =>
    `rounded px-2 py-1 text-sm font-medium no-underline hover:bg-brand-700 ${isActive ? "bg-brand-700 text-white" : "text-brand-50"}`;
  return (
    <header className="bg-brand-800 text-white shadow">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
        <Link to="/" className="flex items-center gap-2 text-white no-underline hover:no-underline">
          <svg aria-hidden="true" viewBox="0 0 32 32" className="h-7 w-7">
            <circle cx="11" cy="16" r="8" fill="none" stroke="currentColor" strokeWidth="2.5" />
            <circle cx="21" cy="16" r="8" fill="none" stroke="#9fd0f0" strokeWidth="2.5" />
          </svg>
          <span className="text-lg font-semibold tracking-tight">Coalition Workspace</span>
        </Link>
        <nav aria-label="Main" className="flex items-center gap-1">
          <NavLink to="/" end className={navClass}>
            Coalitions
          </NavLink>
          <NavLink to="/calendar" className={navClass}>
            Calendar
          </NavLink>
          <NavLink to="/search" className={navClass}>
            Search
          </NavLink>
        </nav>
        <form method="get" action="/search" role="search" className="order-last w-full sm:order-none sm:ml-auto sm:w-64">
          <label htmlFor="site-search" className="sr-only">
            Search
          </label>
          <input
            id="site-search"
            name="q"
            type="search"
            placeholder="Search documents, outputs, threads"
            className="w-full rounded-md border-0 bg-brand-700 px-3 py-1.5 text-sm text-white placeholder:text-brand-100 focus:bg-white focus:text-slate-900"
          />
        </form>
        <div className="ml-auto flex items-center gap-2 sm:ml-0" data-testid="account-area">
          {user ? (
            <>
              {notifications ? <NotificationsMenu data={notifications} /> : null}
              <Link to="/settings/profile" className="text-sm font-medium text-white no-underline hover:underline" data-testid="signed-in-as">
                {user.name}
                {user.isSiteAdmin ? <span className="ml-1 rounded bg-amber-300 px-1 text-xs text-amber-950">admin</span> : null}
              </Link>
              <Form method="post" action="/logout">
                <button type="submit" className="rounded px-2 py-1 text-sm text-brand-50 hover:bg-brand-700">
                  Log out
                </button>
              </Form>
            </>
          ) : (
            <>
              <Link to="/login" className="rounded px-2 py-1 text-sm font-medium text-white no-underline hover:bg-brand-700">
                Log in
              </Link>
              <Link to="/signup" className="rounded bg-white px-3 py-1 text-sm font-semibold text-brand-800 no-underline hover:bg-brand-50">
                Sign up
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
