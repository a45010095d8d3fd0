/**
 * /robots.txt and /manifest.webmanifest. robots.txt is advice to crawlers, not access control
 * (private coalitions answer 404 to anyone outside them whatever it says): it keeps well-behaved
 * crawlers to the public pages worth finding (coalitions and their published outputs) and away
 * from working drafts, settings, membership and account pages.
 */

export const ROBOTS_TXT = `# Coalition Workspace: published outputs of public coalitions are for everyone to find;
# working drafts, settings and account pages are not.
User-agent: *
Allow: /coalitions/*/outputs
Disallow: /coalitions/*/documents
Disallow: /coalitions/*/settings
Disallow: /coalitions/*/members
Disallow: /coalitions/*/join
Disallow: /settings
Disallow: /admin
Disallow: /notifications
Disallow: /invitations
Disallow: /search
Disallow: /login
Disallow: /signup
Disallow: /logout
Disallow: /activity
Disallow: /collab
Allow: /
`;

export const WEB_MANIFEST = {
  name: "Coalition Workspace",
  short_name: "Coalitions",
  description: "Documents, discussions and outputs of the Internet Governance Forum's dynamic coalitions.",
  start_url: "/",
  scope: "/",
  display: "browser",
  background_color: "#ffffff",
  theme_color: "#124a6f",
  icons: [
    { src: "/favicon.svg", sizes: "any", type: "image/svg+xml" },
    { src: "/icon-192.png", sizes: "192x192", type: "image/png" },
    { src: "/icon-512.png", sizes: "512x512", type: "image/png" },
  ],
} as const;

const ONE_DAY = "public, max-age=86400";

export function robotsResponse(): Response {
  return new Response(ROBOTS_TXT, { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": ONE_DAY } });
}

export function manifestResponse(): Response {
  return new Response(JSON.stringify(WEB_MANIFEST, null, 2), { headers: { "Content-Type": "application/manifest+json; charset=utf-8", "Cache-Control": ONE_DAY } });
}
