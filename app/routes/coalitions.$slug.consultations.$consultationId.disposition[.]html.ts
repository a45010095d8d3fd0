import type { LoaderFunctionArgs } from "@remix-run/node";
import { dispositionLoader } from "../models/consultation-routes.server";

/** A closed consultation's disposition table as HTML (issue 26). */
export const loader = (args: LoaderFunctionArgs) => dispositionLoader(args, "html");
