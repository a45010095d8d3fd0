import type { RequestHandler } from "express";
import { t } from "../app/lib/i18n/messages";
import { allowedDuringSetup, secondFactorSetupRequired } from "../app/models/security/requirement.server";

/**
 * Issue 27: when a site administrator requires a second factor, a coordinator or site
 * administrator without one can reach /settings/security (and log out) and nothing else. Pages
 * are redirected there; other requests are refused. (Client-side navigations, which load `.data`,
 * are redirected by the root loader, which asks the same question.)
 */
export const secondFactorGate: RequestHandler = async (req, res, next) => {
  try {
    const user = res.locals.user as { id: string; isSiteAdmin: boolean } | null | undefined;
    if (!user || allowedDuringSetup(req.path) || !(await secondFactorSetupRequired(user))) return next();
    if (req.path.endsWith(".data") && req.method === "GET") return next();
    if (req.method === "GET" || req.method === "HEAD") return res.redirect(303, "/settings/security?required=1");
    res.status(403).type("text/plain").send(`${t("security.required")}\n`);
  } catch (error) {
    next(error);
  }
};
