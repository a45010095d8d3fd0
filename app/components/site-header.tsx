import { Form, Link, NavLink } from "@remix-run/react";
import { useT } from "../lib/i18n/react";
import { LanguageSwitcher } from "./language-switcher";
import { NotificationsMenu, type HeaderNotifications } from "./notifications-menu";

export interface HeaderUser {
  id: string;
  name: string;
  isSiteAdmin: boolean;
}

/** The navigation bar: brand, main links, search, and who is signed in. */
export function SiteHeader({ user, notifications = null }: { user: HeaderUser | null; notifications?: HeaderNotifications | null }) {
  const t = useT();
  const navClass = ({ isActive }: { isActive: boolean }) =>
    `rounded px-2 py-1 text-sm font-medium no-underline hover:bg-brand-700 ${isActive ? "bg-brand-700 text-white" : "text-brand-50"}`;
  return (
    <header className="bg-brand-800 text-white shadow" data-testid="site-header">
      {/* Phone: two rows (brand + account; links + search), at most 120 px. From sm: one row, the
          rows' boxes dissolve (display: contents) and the order classes place their parts. */}
      <div className="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-2 sm:flex-row sm:flex-wrap sm:items-center sm:gap-x-4 sm:px-6 sm:py-3">
        <div className="flex min-w-0 items-center justify-between gap-2 sm:contents">
          <Link to="/" className="flex min-w-0 items-center gap-2 text-white no-underline hover:no-underline sm:order-1">
            <svg aria-hidden="true" viewBox="0 0 32 32" className="h-7 w-7 shrink-0">
              <circle cx="11" cy="16" r="8" fill="none" stroke="currentColor" strokeWidth="2.5" />
              <circle cx="21" cy="16" r="8" fill="none" stroke="#9fd0f0" strokeWidth="2.5" />
            </svg>
            {/* Two short lines on a phone, so the account keeps its room beside it. */}
            <span className="block w-[5.5rem] text-[15px] font-semibold leading-[1.1] tracking-tight sm:w-auto sm:text-lg sm:leading-normal">{t("site.name")}</span>
          </Link>
          <div className="flex shrink-0 items-center gap-1 sm:order-4 sm:gap-2" data-testid="account-area">
            <LanguageSwitcher />
            {user ? (
              <>
                {notifications ? <NotificationsMenu data={notifications} /> : null}
                <Link
                  to="/settings/profile"
                  title={user.name}
                  className="block max-w-[8rem] truncate text-sm font-medium text-white no-underline hover:underline sm:max-w-[14rem]"
                  data-testid="signed-in-as"
                >
                  {user.name}
                  {user.isSiteAdmin ? <span className="ms-1 rounded bg-amber-300 px-1 text-xs text-amber-950">{t("header.adminBadge")}</span> : null}
                </Link>
                <Form method="post" action="/logout">
                  <button type="submit" className="whitespace-nowrap rounded px-2 py-1 text-sm text-brand-50 hover:bg-brand-700">
                    {t("header.logOut")}
                  </button>
                </Form>
              </>
            ) : (
              <>
                <Link to="/login" className="whitespace-nowrap rounded px-2 py-1 text-sm font-medium text-white no-underline hover:bg-brand-700">
                  {t("header.logIn")}
                </Link>
                <Link to="/signup" className="whitespace-nowrap rounded bg-white px-3 py-1 text-sm font-semibold text-brand-800 no-underline hover:bg-brand-50">
                  {t("header.signUp")}
                </Link>
              </>
            )}
          </div>
        </div>
        <div className="flex min-w-0 items-center gap-2 sm:contents">
          <nav aria-label={t("header.mainNav")} className="flex shrink-0 items-center gap-1 sm:order-2">
            <NavLink to="/" end className={navClass}>
              {t("header.coalitions")}
            </NavLink>
            <NavLink to="/calendar" className={navClass}>
              {t("header.calendar")}
            </NavLink>
            <NavLink to="/search" className={navClass}>
              {t("header.search")}
            </NavLink>
          </nav>
          <form method="get" action="/search" role="search" className="min-w-0 flex-1 sm:order-3 sm:ms-auto sm:w-64 sm:flex-none">
            <label htmlFor="site-search" className="sr-only">
              {t("header.search")}
            </label>
            <input
              id="site-search"
              name="q"
              type="search"
              placeholder={t("header.searchPlaceholder")}
              className="w-full rounded-md border-0 bg-brand-700 px-3 py-1.5 text-sm text-white placeholder:text-brand-100 focus:bg-white focus:text-slate-900"
            />
          </form>
        </div>
      </div>
    </header>
  );
}
