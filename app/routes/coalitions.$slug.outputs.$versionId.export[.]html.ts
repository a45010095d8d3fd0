import type { LoaderFunctionArgs } from "@remix-run/node";
import { versionExportLoader } from "../models/export-routes.server";

/** Downloads a published version as standalone HTML. */
export const loader = (args: LoaderFunctionArgs) => versionExportLoader(args, "html");
