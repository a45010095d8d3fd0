import type { Session } from "lucia";

// What the Node server hands every loader and action (see server/app.ts).
export interface RequestUser {
  id: string;
  email: string;
  name: string;
  organization: string | null;
  stakeholder_group: string | null;
  region: string | null;
  /** The language chosen on the profile (one of LOCALES), or null. */
  language: string | null;
  isSiteAdmin: boolean;
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    user: RequestUser | null;
    session: Session | null;
    cspNonce: string;
    clientAddress: string;
    appOrigin: string;
    /** The language this request is answered in (see app/lib/i18n/request-locale.server.ts). */
    locale: import("../common/locales").Locale;
    /** Set while the request runs: a storage error was seen (entry.server's handleError); it answers 503. */
    requestState: { storageFailed: boolean };
  }
}

export {};
