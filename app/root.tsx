import { redirect, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { directionOf, LOCALE_TAGS } from "../common/locales";
import { ErrorPanel } from "./components/error-panel";
import { SiteHeader } from "./components/site-header";
import { useNonce } from "./components/nonce";
import { currentLocale, t } from "./lib/i18n/messages";
import { I18nProvider, useT } from "./lib/i18n/react";
import { forgetOfflinePages, registerServiceWorker } from "./lib/offline.client";
import { headerNotifications } from "./models/notifications.server";
import { allowedDuringSetup, secondFactorSetupRequired } from "./models/security/requirement.server";
import { verificationNotice } from "./models/email-verification.server";
import { VerifyBanner } from "./components/verify-banner";
import stylesheet from "./tailwind.css?url";
import printStylesheet from "./print.css?url";
import "./load-context";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "stylesheet", href: printStylesheet, media: "print" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "icon", href: "/icon-192.png", type: "image/png", sizes: "192x192" },
  { rel: "apple-touch-icon", href: "/icon-192.png" },
  { rel: "manifest", href: "/manifest.webmanifest" },
];

export const meta: MetaFunction = () => [{ title: t("site.name") }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  // A coordinator or administrator who must set up a second factor sees nothing else (issue 27).
  if (context.user && !allowedDuringSetup(new URL(request.url).pathname) && (await secondFactorSetupRequired(context.user))) throw redirect("/settings/security?required=1");
  const user = context.user ? { id: context.user.id, name: context.user.name, isSiteAdmin: context.user.isSiteAdmin } : null;
  const notifications = context.user ? await headerNotifications(context.user.id) : null;
  const verification = context.user ? await verificationNotice(context.user.id) : null;
  return { user, notifications, verification, locale: context.locale };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  // The root's data names the language; without it (an error before the root loader ran) the request's.
  const locale = data?.locale ?? currentLocale();
  return (
    <I18nProvider locale={locale}>
      <Document lang={LOCALE_TAGS[locale]} dir={directionOf(locale)} data={data}>
        {children}
      </Document>
    </I18nProvider>
  );
}

function Document({ lang, dir, data, children }: { lang: string; dir: "ltr" | "rtl"; data: ReturnType<typeof useRouteLoaderData<typeof loader>>; children: ReactNode }) {
  const nonce = useNonce();
  const t = useT();
  return (
    <html lang={lang} dir={dir}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:start-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
          {t("site.skipLink")}
        </a>
        <SiteHeader user={data?.user ?? null} notifications={data?.notifications ?? null} />
        <main id="main" className="mx-auto w-full max-w-6xl px-4 py-6 sm:px-6 sm:py-8">
          {data?.verification ? <VerifyBanner {...data.verification} /> : null}
          {children}
        </main>
        <footer className="mx-auto max-w-6xl px-4 pb-8 pt-4 text-xs text-slate-600 sm:px-6">
          {t("site.footer")} · <a href="/accessibility">{t("site.accessibilityLink")}</a> · <a href="/privacy">{t("privacy.footerLink")}</a>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const signedIn = Boolean(useRouteLoaderData<typeof loader>("root")?.user);
  useEffect(() => {
    // The offline copy of documents (public/sw.js) is for signed-in people; signing out forgets it.
    if (!import.meta.env.PROD) return;
    if (signedIn) void registerServiceWorker();
    else void forgetOfflinePages();
  }, [signedIn]);
  return <Outlet />;
}

export function ErrorBoundary() {
  return <ErrorPanel error={useRouteError()} />;
}
